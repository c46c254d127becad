extension Query {
    /// Every matching row.
    ///
    /// ```swift
    /// let authors = try await Author.filter { $0.status == .active }.all(on: db)
    /// ```
    public func all(on db: some QueryExecutor) async throws -> [M] {
        try await db.fetch(M.self, select(M.selection, dialect: db.dialect))
    }

    /// The first matching row in this query's order, or `nil`.
    public func first(on db: some QueryExecutor) async throws -> M? {
        try await db.fetchFirst(M.self, limit(1).select(M.selection, dialect: db.dialect))
    }

    /// The number of matching rows (honouring limit, offset and distinct).
    public func count(on db: some QueryExecutor) async throws -> Int {
        var unlocked = self
        unlocked.lock = nil
        let inner = try unlocked.select(M.selection, dialect: db.dialect, ordered: false)
        return try await db.fetchValue(Int.self, "SELECT count(*) FROM (" + inner + ") AS quarry_count") ?? 0
    }

    /// Whether any row matches.
    public func exists(on db: some QueryExecutor) async throws -> Bool {
        var unlocked = limit(1)
        unlocked.lock = nil
        let inner = try unlocked.select("1", dialect: db.dialect, ordered: false)
        return try await db.fetchValue(Bool.self, "SELECT EXISTS (" + inner + ")") ?? false
    }

    /// Deletes every matching row in one statement and returns how many
    /// were deleted. Hooks and events do not run (a bulk operation); use
    /// `all` and `delete` per row for them.
    ///
    /// ```swift
    /// let purged = try await Author.filter { $0.status == .banned }.delete(on: db)
    /// ```
    @discardableResult
    public func delete(on db: some QueryExecutor) async throws -> Int {
        try ensureWholeRows("delete")
        return try await db.execute("DELETE FROM \(identifier: M.schema.name)" + whereClause(db.dialect))
    }

    /// Sets columns on every matching row in one statement and returns how
    /// many rows changed. Hooks and events do not run.
    ///
    /// ```swift
    /// try await Author.filter { $0.status == .active }.update(on: db) { [$0.karma.set(to: $0.karma + 1)] }
    /// ```
    @discardableResult
    public func update(on db: some QueryExecutor, set assignments: (M.Columns) -> [Assignment]) async throws -> Int {
        try ensureWholeRows("update")
        let list = assignments(M.columns)
        guard !list.isEmpty else {
            throw QuarryError.invalidArgument(name: "set", reason: "a bulk update needs at least one assignment")
        }
        let sets = SQL.join(list.map { "\(identifier: $0.column) = " + $0.value.render(db.dialect) }, separator: ", ")
        return try await db.execute("UPDATE \(identifier: M.schema.name) SET " + sets + whereClause(db.dialect))
    }

    private func ensureWholeRows(_ operation: String) throws {
        if limitCount != nil || offsetCount != nil || !orderings.isEmpty || isDistinct || lock != nil {
            throw QuarryError.invalidArgument(
                name: "query", reason: "a bulk \(operation) takes a filter only, not order, limit, offset, distinct or locking")
        }
    }
}
