import Foundation
import Quarry

/// Loads seed files into a database: every registered section in dependency
/// order (a post after its author), references resolved by natural key,
/// each row decoded and validated through its model's Create DTO, inserted
/// or — when a row with its natural key exists — updated to the seed's
/// values, many-to-many links added. All of it in one transaction: on any
/// error, a ``SeedError`` names the file, row and field, and nothing is
/// written. Loading the same files twice changes nothing.
///
/// ```swift
/// let report = try await Seeder(seeds).load([URL(fileURLWithPath: "Seeds/blog.json")], into: db)
/// print(report)   // authors: 4 inserted, 0 updated, 0 unchanged · …
/// ```
public struct Seeder: Sendable {
    public let seeds: SeedSet

    public init(_ seeds: SeedSet) {
        self.seeds = seeds
    }

    /// Loads `files` (`.json`, `.yaml`, `.yml`) in one transaction.
    ///
    /// - Parameters:
    ///   - files: the seed files, loaded in the order the set's sections depend on each other.
    ///   - db: the database to write.
    ///   - progress: called after each row with (rows done, rows in all).
    /// - Throws: ``SeedError``; nothing is written then.
    @discardableResult
    public func load(_ files: [URL], into db: Database, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SeedReport {
        let parsed = try files.map(SeedFile.read)
        let firstFile = parsed.first?.name ?? "seeds"
        let order = try seeds.ordered(file: firstFile)
        let known = Set(order.map(\.section))
        var rows: [String: [(file: String, index: Int, fields: [String: JSON])]] = [:]
        for file in parsed {
            for (section, sectionRows) in file.sections {
                guard known.contains(section) else {
                    throw SeedError(
                        file: file.name, section: section,
                        message: "is not a registered section (known: \(known.sorted().joined(separator: ", ")))")
                }
                rows[section, default: []] += sectionRows.enumerated().map { (file.name, $0.offset, $0.element) }
            }
        }
        let total = rows.values.reduce(0) { $0 + $1.count }
        return try await db.transaction { tx in
            var report = SeedReport()
            var keys = KeyCache()
            var done = 0
            for entry in order {
                guard let sectionRows = rows[entry.section] else { continue }
                var counts = SeedReport.Counts()
                for row in sectionRows {
                    let outcome = try await load(row.fields, entry, tx, &keys, at: (row.file, row.index), in: order)
                    switch outcome {
                    case .inserted: counts.inserted += 1
                    case .updated: counts.updated += 1
                    case .unchanged: counts.unchanged += 1
                    }
                    done += 1
                    progress?(done, total)
                }
                report[entry.section] = counts
            }
            return report
        }
    }

    private func load(
        _ fields: [String: JSON], _ entry: SeedEntry, _ tx: Transaction, _ keys: inout KeyCache, at place: (file: String, row: Int),
        in order: [SeedEntry]
    ) async throws -> SeedEntry.Outcome {
        func failure(_ field: String?, _ message: String) -> SeedError {
            SeedError(file: place.file, section: entry.section, row: place.row, field: field, message: message)
        }
        var row = fields
        for reference in entry.references {
            guard let value = row.removeValue(forKey: reference.name), value != .null else { continue }
            guard let target = order.first(where: { $0.section == reference.section }) else { continue }
            guard let key = try await keys.resolve(value, in: target, tx) else {
                throw failure(reference.name, "no \(reference.section) row with \(target.naturalKeyColumns.map(\.name).joined(separator: ", ")) \(value.seedText)")
            }
            row[reference.field] = key.json
        }
        var linked: [(SeedLink, [JSON])] = []
        for link in entry.links {
            guard let value = row.removeValue(forKey: link.name), value != .null else { continue }
            guard case .array(let items) = value else { throw failure(link.name, "must be a list of \(link.section) keys") }
            linked.append((link, items))
        }
        for (name, value) in row where !entry.hasField(name, value) {
            throw failure(name, "is not a field of \(entry.section)")
        }
        let result: (key: SQLValue, naturalKey: [SQLValue], outcome: SeedEntry.Outcome)
        do {
            result = try await entry.upsert(row, tx)
        } catch let error as ValidationError {
            let first = error.failures.first
            throw failure(first?.field, error.failures.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        } catch let error as DecodingError {
            throw failure(Self.field(of: error), Self.describe(error))
        } catch let error as QuarryError {
            throw failure(nil, "the database refused the row: \(error)")
        }
        keys.remember(result.naturalKey, as: result.key, in: entry.section)
        var outcome = result.outcome
        for (link, items) in linked {
            guard let target = order.first(where: { $0.section == link.section }) else { continue }
            for item in items {
                guard let key = try await keys.resolve(item, in: target, tx) else {
                    throw failure(link.name, "no \(link.section) row with \(target.naturalKeyColumns.map(\.name).joined(separator: ", ")) \(item.seedText)")
                }
                if try await link.insert(result.key, key, tx), outcome == .unchanged { outcome = .updated }
            }
        }
        return outcome
    }

    private static func field(of error: DecodingError) -> String? {
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.map(\.stringValue).joined(separator: ".")
        @unknown default: nil
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "is required"
        case .typeMismatch(let type, _): "must be \(type)"
        case .valueNotFound: "must not be null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}

/// Primary keys of rows by natural key, per section: those loaded in this
/// run, then those found in the database.
private struct KeyCache {
    private var keys: [String: [[SQLValue]: SQLValue]] = [:]

    mutating func remember(_ naturalKey: [SQLValue], as key: SQLValue, in section: String) {
        keys[section, default: [:]][naturalKey] = key
    }

    mutating func resolve(_ value: JSON, in target: SeedEntry, _ tx: Transaction) async throws -> SQLValue? {
        guard target.naturalKeyColumns.count == 1, let naturalKey = SQLValue(seed: value, as: target.naturalKeyColumns[0].type) else {
            return nil
        }
        if let key = keys[target.section]?[[naturalKey]] { return key }
        let found = try await target.find([naturalKey], tx)
        if let found { remember([naturalKey], as: found, in: target.section) }
        return found
    }
}

extension SQLValue {
    /// A natural key's value from a seed file, typed like its column.
    init?(seed value: JSON, as type: ColumnType) {
        switch (value, type) {
        case (.string(let text), .uuid): guard let uuid = UUID(uuidString: text) else { return nil }; self = .uuid(uuid)
        case (.string(let text), _): self = .text(text)
        case (.int(let number), .double), (.int(let number), .float): self = .double(Double(number))
        case (.int(let number), _): self = .int(number)
        case (.double(let number), _): self = .double(number)
        case (.bool(let flag), _): self = .bool(flag)
        default: return nil
        }
    }

    /// The key as a seed row's field value.
    var json: JSON {
        switch self {
        case .int(let number): .int(number)
        case .text(let text): .string(text)
        case .uuid(let uuid): .string(uuid.uuidString)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        default: .null
        }
    }
}

extension JSON {
    /// How a value reads in an error message.
    var seedText: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .decimal(let number): number.description
        case .bool(let flag): String(flag)
        case .null: "null"
        default: "(a list or object)"
        }
    }
}
