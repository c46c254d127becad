import Foundation
import Quarry

extension Model {
    /// Inserts `models` in statements of at most `batchSize` rows, all in one
    /// transaction: every row is written, or none. Returns the stored rows.
    /// `Model.insert(_:on:)` does the same with as many rows per statement as
    /// the database's bind limit allows: the one bulk form of `insert(on:)`.
    ///
    /// ```swift
    /// let stored = try await Tag.insert(labels.map { Tag(label: $0) }, on: db)
    /// ```
    @available(*, deprecated, message: "use Model.insert(_:on:): one transaction, as many rows per statement as the bind limit allows")
    @discardableResult
    public static func bulkCreate(_ models: [Self], on db: some QueryExecutor, batchSize: Int = 1_000) async throws -> [Self] {
        guard batchSize > 0 else { throw QuarryError.invalidArgument(name: "batchSize", reason: "must be positive") }
        return try await db.transaction { tx in
            var stored: [Self] = []
            stored.reserveCapacity(models.count)
            var start = 0
            while start < models.count {
                let chunk = Array(models[start..<min(start + batchSize, models.count)])
                stored += try await insert(chunk, on: tx)
                start += chunk.count
            }
            return stored
        }
    }

    /// Writes every model to its row (`update`: hooks, versions and audit
    /// apply), all in one transaction. Returns the stored rows.
    ///
    /// ```swift
    /// let repriced = try await Product.bulkUpdate(products.map { var p = $0; p.price += 1; return p }, on: db)
    /// ```
    @discardableResult
    public static func bulkUpdate(_ models: [Self], on db: some QueryExecutor) async throws -> [Self] {
        try await db.transaction { tx in
            var stored: [Self] = []
            stored.reserveCapacity(models.count)
            for model in models { stored.append(try await model.update(on: tx)) }
            return stored
        }
    }

    /// A copy to insert as a new row: an auto-increment key cleared, a UUID
    /// key regenerated, and the `resetting` columns set back to their
    /// default value (or `NULL`), then `modify` applied.
    ///
    /// ```swift
    /// let copy = try post.clone(resetting: [\.publishedAt]) { $0.title += " (copy)" }
    /// let stored = try await copy.insert(on: db)
    /// ```
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` for a reset
    ///   column with neither a default nor `NULL` allowed.
    public func clone(resetting: [PartialKeyPath<Self>] = [], _ modify: (inout Self) -> Void = { _ in }) throws -> Self {
        let columns = Self.schema.columns
        var encoder = SQLValueEncoder(capacity: columns.count)
        encode(into: &encoder)
        var values = encoder.values
        for index in columns.indices where columns[index].isPrimaryKey {
            if columns[index].isAutoIncrement {
                values[index] = .null
            } else if columns[index].type == .uuid {
                values[index] = .uuid(UUID())
            }
        }
        for name in try Self.columnNames(resetting, argument: "resetting") {
            let index = columns.firstIndex { $0.name == name }!
            switch columns[index].defaultValue {
            case .value(let value)?: values[index] = value
            case .currentTimestamp?, .expression?: values[index] = .null
            case nil:
                guard columns[index].isNullable else {
                    throw QuarryError.invalidArgument(
                        name: "resetting", reason: "\(Self.schema.name).\(name) has no default and cannot be NULL")
                }
                values[index] = .null
            }
        }
        var row = ValuesRowDecoder(values: values, columnNames: columns.map(\.name))
        var copy = try Self(row: &row)
        // Not loaded from the database: `save` inserts it.
        if var tracked = copy as? any DirtyTracking {
            try tracked._quarryRemember(nil)
            copy = tracked as! Self
        }
        modify(&copy)
        return copy
    }
}

extension ColumnSet where Self: Model {
    /// Deletes the rows with `keys` in statements of at most `batchSize`
    /// keys, all in one transaction (scopes, soft delete and audit apply);
    /// returns how many were deleted.
    ///
    /// ```swift
    /// let removed = try await Session.bulkDelete(keys: expired, on: db)
    /// ```
    @discardableResult
    public static func bulkDelete(keys: [Key], on db: some QueryExecutor, batchSize: Int = 1_000) async throws -> Int {
        guard batchSize > 0 else { throw QuarryError.invalidArgument(name: "batchSize", reason: "must be positive") }
        return try await db.transaction { tx in
            var removed = 0
            var start = 0
            while start < keys.count {
                let chunk = Array(keys[start..<min(start + batchSize, keys.count)])
                removed += try await filter { _ in keyCondition(in: chunk) }.delete(on: tx)
                start += chunk.count
            }
            return removed
        }
    }
}
