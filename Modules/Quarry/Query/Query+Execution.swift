extension Query {
    /// Every matching row.
    ///
    /// ```swift
    /// let authors = try await Author.filter { $0.status == .active }.all(on: db)
    /// ```
    public func all(on db: some QueryExecutor) async throws -> [M] {
        try await runPrefetches(M._fetchAll(select(M.selection, dialect: db.dialect).readOnly(), on: db), on: db)
    }

    /// The first matching row in this query's order, or `nil`.
    public func first(on db: some QueryExecutor) async throws -> M? {
        guard let row = try await M._fetchFirst(limit(1).select(M.selection, dialect: db.dialect).readOnly(), on: db) else {
            return nil
        }
        return try await runPrefetches([row], on: db).first
    }

    /// The number of matching rows (honouring limit, offset and distinct).
    public func count(on db: some QueryExecutor) async throws -> Int {
        var unlocked = self
        unlocked.lock = nil
        let inner = try unlocked.select(M.selection, dialect: db.dialect, ordered: false)
        return try await db.fetchValue(Int.self, ("SELECT count(*) FROM (" + inner + ") AS quarry_count").readOnly()) ?? 0
    }

    /// Whether any row matches.
    public func exists(on db: some QueryExecutor) async throws -> Bool {
        var unlocked = limit(1)
        unlocked.lock = nil
        let inner = try unlocked.select("1", dialect: db.dialect, ordered: false)
        return try await db.fetchValue(Bool.self, ("SELECT EXISTS (" + inner + ")").readOnly()) ?? false
    }
}
