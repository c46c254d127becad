import Foundation
import Quarry

/// The models seed files may name, each under a section name, with the
/// natural key that identifies its rows (what makes loading idempotent),
/// the fields that refer to other rows by their natural keys, and
/// many-to-many links.
///
/// ```swift
/// let seeds = SeedSet()
///     .model(Author.self, section: "authors", naturalKey: \.email)
///     .model(Tag.self, section: "tags", naturalKey: \.name)
///     .model(Post.self, section: "posts", naturalKey: \.slug,
///            references: [.init("author", field: "authorID", to: "authors")],
///            links: [.init("tags", through: PostTag.self, from: \.postID, to: \.tagID, target: "tags")])
///     .model(Comment.self, section: "comments", naturalKey: \.postID, \.authorName, \.body,
///            references: [.init("post", field: "postID", to: "posts")])
/// let report = try await Seeder(seeds).load(["Seeds/blog.json"], into: db)
/// ```
public struct SeedSet: Sendable {
    var entries: [SeedEntry] = []

    public init() {}

    /// Whether no model is registered.
    public var isEmpty: Bool { entries.isEmpty }

    /// The registered section names, in registration order.
    public var sections: [String] { entries.map(\.section) }

    /// Registers a model.
    ///
    /// - Parameters:
    ///   - type: the model.
    ///   - section: the key of its rows in seed files (default: the table name).
    ///   - naturalKey: the columns whose values identify a row across loads
    ///     (unique in the table, or together unique for the seed data).
    ///   - references: fields naming another section's row by its natural key.
    ///   - links: fields listing rows of another section to link through a join model.
    public func model<M: ModelDTOs>(
        _ type: M.Type, section: String? = nil, naturalKey: PartialKeyPath<M>...,
        references: [SeedReference] = [], links: [SeedLink] = []
    ) -> SeedSet {
        var copy = self
        copy.entries.append(SeedEntry(
            type, section: section ?? M.schema.name, naturalKey: naturalKey, references: references, links: links))
        return copy
    }

    /// The registered sections in an order where every section comes after
    /// those it refers to.
    ///
    /// - Throws: ``SeedError`` for a reference to an unknown section or a cycle.
    func ordered(file: String) throws -> [SeedEntry] {
        let bySection = Dictionary(entries.map { ($0.section, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [SeedEntry] = []
        var state: [String: Bool] = [:]  // false: visiting, true: done
        func visit(_ entry: SeedEntry, path: [String]) throws {
            if state[entry.section] == true { return }
            if state[entry.section] == false {
                throw SeedError(file: file, section: entry.section, message: "references form a cycle: \((path + [entry.section]).joined(separator: " → "))")
            }
            state[entry.section] = false
            for target in entry.dependencies {
                guard let dependency = bySection[target] else {
                    throw SeedError(file: file, section: entry.section, message: "refers to \"\(target)\", which is not a registered section")
                }
                try visit(dependency, path: path + [entry.section])
            }
            state[entry.section] = true
            ordered.append(entry)
        }
        for entry in entries { try visit(entry, path: []) }
        return ordered
    }
}

/// A field of a seed row that names another section's row by its natural
/// key; it becomes the model's foreign-key field.
///
/// ```swift
/// SeedReference("author", field: "authorID", to: "authors")   // "author": "ada@example.com"
/// ```
public struct SeedReference: Sendable, Hashable {
    /// The field in the seed file.
    public var name: String
    /// The model's (Create DTO's) field the referenced row's key goes into.
    public var field: String
    /// The referenced section.
    public var section: String

    public init(_ name: String, field: String, to section: String) {
        self.name = name
        self.field = field
        self.section = section
    }
}

/// A field of a seed row listing rows of another section, by natural key,
/// to link through a join model (many-to-many).
///
/// ```swift
/// SeedLink("tags", through: PostTag.self, from: \.postID, to: \.tagID, target: "tags")   // "tags": ["swift", "history"]
/// ```
public struct SeedLink: Sendable {
    public var name: String
    public var section: String
    let joinTable: String
    let fromColumn: String
    let toColumn: String
    let insert: @Sendable (_ from: SQLValue, _ to: SQLValue, _ db: Transaction) async throws -> Bool

    /// - Parameters:
    ///   - name: the field in the seed file.
    ///   - through: the join model.
    ///   - from: its column holding this row's key.
    ///   - to: its column holding the linked row's key.
    ///   - target: the linked section.
    public init<Join: Model>(
        _ name: String, through: Join.Type, from: PartialKeyPath<Join>, to: PartialKeyPath<Join>, target: String
    ) {
        self.name = name
        self.section = target
        joinTable = Join.schema.name
        let fromColumn = Join.columnName(for: from) ?? "?"
        let toColumn = Join.columnName(for: to) ?? "?"
        self.fromColumn = fromColumn
        self.toColumn = toColumn
        let table = Join.schema.name
        insert = { from, to, db in
            let exists: SQL = "SELECT 1 FROM \(identifier: table) WHERE \(identifier: fromColumn) = \(from) AND \(identifier: toColumn) = \(to)"
            guard try await db.fetchAll(exists).isEmpty else { return false }
            try await db.execute("INSERT INTO \(identifier: table) (\(identifier: fromColumn), \(identifier: toColumn)) VALUES (\(from), \(to))")
            return true
        }
    }
}
