extension Model {
    /// Deletes this model's row: runs `willDelete` before and `didDelete`
    /// after, and emits a `deleted` event (with the row as it was) once committed.
    ///
    /// ```swift
    /// try await tag.delete(on: db)
    /// ```
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there was no such
    ///   row, ``QuarryError/invalidArgument(name:reason:)`` for a model
    ///   without a key.
    public func delete(on db: some QueryExecutor) async throws {
        if Self.recordsChanges && !(db is Transaction) {
            return try await db.transaction { tx in try await self.delete(on: tx) }
        }
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key cannot be deleted")
        }
        try await willDelete(on: db)
        let scopes = try ResolvedScopes.of(Self.self)
        let sql: SQL
        if Self._quarryTraits.marksDeletion, let marking = Self.self as? any DeletionMarking.Type {
            sql = try Self.updateStatement(marking.deletionMark(), where: Self.keyNode(key), scopes: scopes, dialect: db.dialect)
        } else {
            sql = try Self.deleteStatement(where: Self.keyNode(key), scopes: scopes, dialect: db.dialect)
        }
        guard let deleted = try await Self._fetchFirst(sql + Self.returningRow, on: db) else {
            throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key))
        }
        if Self.recordsChanges { try await Self.record(ModelEvent(kind: .deleted, before: deleted, after: nil), on: db) }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        try await deleted.didDelete(on: db)
        if db.signals.hasSubscribers(for: Self.self) {
            await db.signals.emit(ModelEvent(kind: .deleted, before: deleted, after: nil), on: db)
        }
    }

    /// Loads the row with primary key `id` and deletes it, hooks and event
    /// included.
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there was none.
    public static func delete(on db: some QueryExecutor, id: Key) async throws {
        try await get(on: db, id: id).delete(on: db)
    }
}
