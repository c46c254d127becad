/// What loading seed files did, per section: rows inserted, updated (a
/// seed value differed from the stored one) and left as they were.
///
/// ```swift
/// let report = try await seeder.load([URL(fileURLWithPath: "Seeds/blog.json")], into: db)
/// print(report)   // authors: 4 inserted · posts: 6 inserted · …
/// ```
public struct SeedReport: Sendable, Hashable, CustomStringConvertible {
    public struct Counts: Sendable, Hashable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
    }

    /// Counts by section, in the order the sections were loaded.
    public private(set) var sections: [(name: String, counts: Counts)] = []

    public subscript(section: String) -> Counts {
        get { sections.first { $0.name == section }?.counts ?? Counts() }
        set {
            if let index = sections.firstIndex(where: { $0.name == section }) {
                sections[index].counts = newValue
            } else {
                sections.append((section, newValue))
            }
        }
    }

    /// Rows inserted or updated in all.
    public var changes: Int { sections.reduce(0) { $0 + $1.counts.inserted + $1.counts.updated } }

    public var description: String {
        sections.map { name, counts in
            "\(name): \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged"
        }.joined(separator: " · ")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.sections.map(\.name) == rhs.sections.map(\.name) && lhs.sections.map(\.counts) == rhs.sections.map(\.counts)
    }

    public func hash(into hasher: inout Hasher) {
        for (name, counts) in sections {
            hasher.combine(name)
            hasher.combine(counts)
        }
    }
}
