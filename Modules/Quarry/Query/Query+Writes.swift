/// Bulk writes: only a ``Model`` (a table, not a view) can be written.
extension Query where M: Model {
    /// Deletes every matching row and returns how many were deleted.
    ///
    /// By default one `DELETE` runs and no hooks or events fire (a bulk
    /// operation). With `runHooks: true` the rows are loaded and deleted one
    /// by one, in a transaction, each with `willDelete`/`didDelete` and a
    /// `deleted` event. A ``DeletionMarking`` model (soft delete) is marked,
    /// not removed; a ``ScopedModel``'s default scopes limit what is deleted.
    ///
    /// ```swift
    /// let purged = try await Author.filter { $0.status == .banned }.delete(on: db)
    /// try await Session.filter { $0.expired }.delete(on: db, runHooks: true)
    /// ```
    @discardableResult
    public func delete(on db: some QueryExecutor, runHooks: Bool = false) async throws -> Int {
        try ensureWholeRows("delete")
        // A recorded model's bulk delete runs row by row, so each is recorded.
        guard runHooks || M.recordsChanges else {
            let changed: Int
            if let marking = M.self as? any DeletionMarking.Type {
                let sets = SQL.join(marking.deletionMark().map { $0.sql(for: db.dialect) }, separator: ", ")
                changed = try await db.execute("UPDATE \(identifier: M.schema.name) SET " + sets + (try whereClause(db.dialect)))
            } else {
                changed = try await db.execute("DELETE FROM \(identifier: M.schema.name)" + (try whereClause(db.dialect)))
            }
            if changed > 0 { await db.signals.tablesChanged([M.schema.name], on: db) }
            return changed
        }
        return try await db.transaction { tx in
            let rows = try await self.all(on: tx)
            for row in rows { try await row.delete(on: tx) }
            return rows.count
        }
    }

    /// Sets columns on every matching row in one statement and returns how
    /// many rows changed.
    ///
    /// By default no hooks or events fire. With `runHooks: true` the rows are
    /// read before, updated with `UPDATE … RETURNING` in a transaction, and
    /// each stored row gets `didUpdate`/`didSave` and an `updated` event with
    /// its before and after values. (`will…` hooks cannot run: the new values
    /// are computed by the database.)
    ///
    /// ```swift
    /// try await Author.filter { $0.status == .active }.update(on: db) { [$0.karma.set(to: $0.karma + 1)] }
    /// ```
    @discardableResult
    public func update(
        on db: some QueryExecutor, runHooks: Bool = false, set assignments: (M.Columns) -> [Assignment]
    ) async throws -> Int {
        try ensureWholeRows("update")
        var list = assignments(M.columns)
        guard !list.isEmpty else {
            throw QuarryError.invalidArgument(name: "set", reason: "a bulk update needs at least one assignment")
        }
        // Mixins' columns: a stamp (updatedAt), the version of versioned rows.
        if let stamping = M.self as? any BulkUpdateStamping.Type {
            let stamps = stamping.bulkUpdateAssignments().filter { stamp in !list.contains { $0.column == stamp.column } }
            list += stamps
        }
        if let versioned = M.self as? any VersionedModel.Type, !list.contains(where: { $0.column == versioned.versionColumn }) {
            let column = ExpressionNode.column(table: M.schema.name, name: versioned.versionColumn)
            list.append(Assignment(column: versioned.versionColumn, value: .binary(column, "+", .value(.int(1)))))
        }
        let sets = SQL.join(list.map { "\(identifier: $0.column) = " + $0.value.render(db.dialect) }, separator: ", ")
        let statement = "UPDATE \(identifier: M.schema.name) SET " + sets + (try whereClause(db.dialect))
        guard runHooks || M.recordsChanges else {
            let changed = try await db.execute(statement)
            if changed > 0 { await db.signals.tablesChanged([M.schema.name], on: db) }
            return changed
        }
        return try await db.transaction { tx in
            let before = try await self.all(on: tx)
            let stored = try await tx.fetch(M.self, statement + " RETURNING " + M.selection)
            for row in stored {
                let previous = before.first { $0.primaryKey == row.primaryKey }
                try await M.record(ModelEvent(kind: .updated, before: previous, after: row), on: tx)
                try await row.didUpdate(on: tx)
                try await row.didSave(on: tx)
                await tx.signals.emit(ModelEvent(kind: .updated, before: previous, after: row), on: tx)
            }
            if !stored.isEmpty { await tx.signals.tablesChanged([M.schema.name], on: tx) }
            return stored.count
        }
    }

    private func ensureWholeRows(_ operation: String) throws {
        try validate()
        if limitCount != nil || offsetCount != nil || !orderings.isEmpty || isDistinct || lock != nil {
            throw QuarryError.invalidArgument(
                name: "query", reason: "a bulk \(operation) takes a filter only, not order, limit, offset, distinct or locking")
        }
    }
}
