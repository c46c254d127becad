/// Bulk writes: only a ``Model`` (a table, not a view) can be written.
///
/// Every statement here is compiled from the query and the model's rules:
/// the default scopes limit the rows, a column a scope fixes cannot be
/// assigned, stamps (`updatedAt`) and version bumps are added, and a
/// recorded (audited) model is recorded row by row in the same transaction.
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
            if M._quarryTraits.marksDeletion, let marking = M.self as? any DeletionMarking.Type {
                changed = try await db.execute(try updateStatement(marking.deletionMark(), dialect: db.dialect))
            } else {
                changed = try await db.execute(try deleteStatement(dialect: db.dialect))
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

    /// Removes the matching rows for real (`DELETE`), even of a
    /// ``DeletionMarking`` model whose `delete` only marks rows; returns how
    /// many. The default scopes still apply (soft delete's `forceDelete`
    /// drops its own scope first); a recorded model records each row.
    ///
    /// ```swift
    /// try await Note.query.withDeleted().filter { $0.id == 7 }.purge(on: db)
    /// ```
    @discardableResult
    public func purge(on db: some QueryExecutor) async throws -> Int {
        try ensureWholeRows("delete")
        let statement = try deleteStatement(dialect: db.dialect)
        guard M.recordsChanges else {
            let removed = try await db.execute(statement)
            if removed > 0 { await db.signals.tablesChanged([M.schema.name], on: db) }
            return removed
        }
        return try await db.transaction { tx in
            let removed = try await M._fetchAll(statement + " RETURNING " + M.qualifiedSelection, on: tx)
            for row in removed { try await M.record(ModelEvent(kind: .deleted, before: row, after: nil), on: tx) }
            if !removed.isEmpty { await tx.signals.tablesChanged([M.schema.name], on: tx) }
            return removed.count
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
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for no
    ///   assignment, or one to a column a scope fixes (a tenant column).
    @discardableResult
    public func update(
        on db: some QueryExecutor, runHooks: Bool = false, set assignments: (M.Columns) -> [Assignment]
    ) async throws -> Int {
        try ensureWholeRows("update")
        let list = assignments(M.columns)
        guard runHooks || M.recordsChanges else {
            let changed = try await db.execute(try updateStatement(list, dialect: db.dialect))
            if changed > 0 { await db.signals.tablesChanged([M.schema.name], on: db) }
            return changed
        }
        return try await updateReturning(list, runHooks: true, on: db).count
    }

    /// Sets columns on every matching row in one statement and returns the
    /// rows as stored (`UPDATE … RETURNING`), with the same rules as
    /// ``update(on:runHooks:set:)``: scopes, fixed columns, stamps, version
    /// bumps, and an audit record and `updated` event per row. Hooks do not
    /// run. The building block of compare-and-set and increments.
    ///
    /// ```swift
    /// let rows = try await Job.filter { $0.id == 7 && $0.state == .queued }
    ///     .updateReturning(on: db) { [$0.state.set(to: .running)] }
    /// ```
    @discardableResult
    public func updateReturning(
        on db: some QueryExecutor, set assignments: (M.Columns) -> [Assignment]
    ) async throws -> [M] {
        try ensureWholeRows("update")
        return try await updateReturning(assignments(M.columns), runHooks: false, on: db)
    }

    private func updateReturning(_ list: [Assignment], runHooks: Bool, on db: some QueryExecutor) async throws -> [M] {
        let statement = try updateStatement(list, dialect: db.dialect) + " RETURNING " + M.qualifiedSelection
        let recorded = M.recordsChanges
        guard runHooks || recorded || db.signals.hasSubscribers(for: M.self) else {
            let stored = try await M._fetchAll(statement, on: db)
            if !stored.isEmpty { await db.signals.tablesChanged([M.schema.name], on: db) }
            return stored
        }
        return try await db.transaction { tx in
            let before = try await self.all(on: tx)
            let stored = try await M._fetchAll(statement, on: tx)
            for row in stored {
                let previous = before.first { $0.primaryKey == row.primaryKey }
                if M.recordsChanges { try await M.record(ModelEvent(kind: .updated, before: previous, after: row), on: tx) }
                if runHooks {
                    try await row.didUpdate(on: tx)
                    try await row.didSave(on: tx)
                }
                if tx.signals.hasSubscribers(for: M.self) {
                    await tx.signals.emit(ModelEvent(kind: .updated, before: previous, after: row), on: tx)
                }
            }
            if !stored.isEmpty { await tx.signals.tablesChanged([M.schema.name], on: tx) }
            return stored
        }
    }

    // MARK: - Compiling

    /// `UPDATE … SET … WHERE (filter AND scopes)`, by the compiler's rules.
    func updateStatement(_ assignments: [Assignment], dialect: some SQLDialect) throws -> SQL {
        try M.updateStatement(assignments, where: predicate, scopes: try resolvedScopes(), dialect: dialect)
    }

    /// `DELETE FROM … WHERE (filter AND scopes)`.
    func deleteStatement(dialect: some SQLDialect) throws -> SQL {
        try M.deleteStatement(where: predicate, scopes: try resolvedScopes(), dialect: dialect)
    }

    private func ensureWholeRows(_ operation: String) throws {
        try validate()
        if limitCount != nil || offsetCount != nil || !orderings.isEmpty || isDistinct || lock != nil {
            throw QuarryError.invalidArgument(
                name: "query", reason: "a bulk \(operation) takes a filter only, not order, limit, offset, distinct or locking")
        }
    }
}
