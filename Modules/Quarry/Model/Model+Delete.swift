extension Model {
    /// Deletes this model's row.
    ///
    /// ```swift
    /// try await tag.delete(on: db)
    /// ```
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there was no such
    ///   row, ``QuarryError/invalidArgument(name:reason:)`` for a model
    ///   without a key.
    public func delete(on db: some QueryExecutor) async throws {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key cannot be deleted")
        }
        try await Self.delete(on: db, id: key)
    }

    /// Deletes the row with primary key `id`.
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there was none.
    public static func delete(on db: some QueryExecutor, id: Key) async throws {
        let deleted = try await db.execute("DELETE FROM \(identifier: schema.name) " + (try wherePrimaryKey(id)))
        if deleted == 0 { throw QuarryError.notFound(table: schema.name, key: "\(id.sqlValue)") }
    }
}
