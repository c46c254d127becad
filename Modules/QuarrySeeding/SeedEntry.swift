import Foundation
import Quarry

/// One registered model, its generic work behind closures so the seeder can
/// hold models of every type in one list.
struct SeedEntry: Sendable {
    /// What upserting one row did.
    enum Outcome: Sendable { case inserted, updated, unchanged }

    let section: String
    let table: String
    let references: [SeedReference]
    let links: [SeedLink]
    /// The natural key's columns, and their types (to read a reference's value).
    let naturalKeyColumns: [(name: String, type: ColumnType)]
    /// Decodes, validates and upserts a row (references already replaced by
    /// keys); returns the row's primary key and natural key values.
    let upsert: @Sendable (_ row: [String: JSON], _ db: Transaction) async throws -> (key: SQLValue, naturalKey: [SQLValue], outcome: Outcome)
    /// The primary key of the row whose natural key is `values`, if stored.
    let find: @Sendable (_ values: [SQLValue], _ db: Transaction) async throws -> SQLValue?
    /// Whether the model has a field `name` (probed through its Update DTO).
    let hasField: @Sendable (_ name: String, _ value: JSON) -> Bool

    var dependencies: [String] { references.map(\.section) + links.map(\.section) }

    init<M: ModelDTOs>(_ type: M.Type, section: String, naturalKey: [PartialKeyPath<M>], references: [SeedReference], links: [SeedLink]) {
        self.section = section
        table = M.schema.name
        self.references = references
        self.links = links
        let columns = M.schema.columns
        let keyIndices = naturalKey.compactMap { path in M.columnName(for: path).flatMap { name in columns.firstIndex { $0.name == name } } }
        precondition(keyIndices.count == naturalKey.count && !keyIndices.isEmpty,
                     "\(section): the natural key must name at least one column, and only columns")
        naturalKeyColumns = keyIndices.map { (columns[$0].name, columns[$0].type) }
        let primaryIndex = (try? M.schema.primaryKeyIndex()) ?? 0
        let keyColumns = keyIndices.map { columns[$0].name }

        /// The stored row with this natural key, scoped like every read.
        @Sendable func lookup(_ values: [SQLValue], on db: Transaction) async throws -> M? {
            try await M.first(on: db, matching: Dictionary(uniqueKeysWithValues: zip(keyColumns, values)))
        }
        @Sendable func values(_ model: M) -> [SQLValue] {
            var encoder = SQLValueEncoder(capacity: columns.count)
            model.encode(into: &encoder)
            return encoder.values
        }

        find = { naturalKey, db in
            try await lookup(naturalKey, on: db).map { values($0)[primaryIndex] }
        }
        upsert = { row, db in
            let data = try JSONEncoder().encode(JSON.object(row))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let create = try decoder.decode(M.Create.self, from: data)
            try create.validate()
            let candidate = M(create: create)
            let naturalKey = keyIndices.map { values(candidate)[$0] }
            guard let existing = try await lookup(naturalKey, on: db) else {
                let inserted = try await M.create(on: db, create)
                return (values(inserted)[primaryIndex], naturalKey, .inserted)
            }
            let update = try decoder.decode(M.Update.self, from: data)
            var changed = existing
            changed.apply(update)
            let key = values(existing)[primaryIndex]
            guard values(changed) != values(existing) else { return (key, naturalKey, .unchanged) }
            try await existing.update(on: db, update)
            return (key, naturalKey, .updated)
        }
        hasField = { name, value in
            // An Update DTO decoded from just this field and encoded again
            // keeps the field only if the model has it.
            let encoder = JSONEncoder()
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            encoder.dateEncodingStrategy = .iso8601
            guard let data = try? encoder.encode(JSON.object([name: value])) else { return false }
            do {
                let update = try decoder.decode(M.Update.self, from: data)
                guard case .object(let fields) = try JSONDecoder().decode(JSON.self, from: encoder.encode(update)) else { return false }
                return fields[name] != nil
            } catch {
                return true  // the model knows the field and refused the value: reported when the row is decoded
            }
        }
    }
}
