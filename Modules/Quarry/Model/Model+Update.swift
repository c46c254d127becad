extension Model {
    /// Writes every column of this model to its row and returns the row as
    /// stored.
    ///
    /// ```swift
    /// var tag = try await Tag.get(on: db, id: 1)
    /// tag.label = "swift-6"
    /// tag = try await tag.update(on: db)
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a model
    ///   without a key, ``QuarryError/notFound(table:key:)`` when the row is gone.
    @discardableResult
    public func update(on db: some QueryExecutor) async throws -> Self {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key cannot be updated; insert it first")
        }
        let columns = Self.schema.columns
        let keyIndex = try Self.schema.primaryKeyIndex()
        let values = columnValues()
        let assignments = columns.indices.filter { $0 != keyIndex }
            .map { "\(identifier: columns[$0].name) = \(values[$0])" as SQL }
        guard !assignments.isEmpty else { return self }
        let sql: SQL = "UPDATE \(identifier: Self.schema.name) SET " + SQL.join(assignments, separator: ", ") + " "
            + (try Self.wherePrimaryKey(key)) + " RETURNING " + Self.selection
        guard let stored = try await db.fetchFirst(Self.self, sql) else {
            throw QuarryError.notFound(table: Self.schema.name, key: "\(key.sqlValue)")
        }
        return stored
    }
}
