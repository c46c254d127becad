extension Query {
    /// Runs the query and hands its rows to `body` a chunk at a time (at
    /// most `chunkSize` rows, prefetches loaded per chunk), reading the next
    /// chunk only once `body` returned: memory stays bounded by one chunk
    /// however many rows match. `body` returns `false` to stop early;
    /// cancelling the task stops the query too, and the connection returns
    /// clean. `QuarryStreaming` wraps this in an `AsyncSequence`.
    ///
    /// ```swift
    /// try await Event.query.order { $0.id }.stream(on: db, chunkSize: 1_000) { events in
    ///     try await archive(events)
    ///     return true
    /// }
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a
    ///   non-positive chunk size, or for prefetches in a stream inside a
    ///   PostgreSQL session or transaction (its one connection is busy
    ///   delivering rows; stream on the `Database`).
    public func stream(
        on db: some QueryExecutor, chunkSize: Int = 1_000, _ body: ([M]) async throws -> Bool
    ) async throws {
        guard chunkSize > 0 else { throw QuarryError.invalidArgument(name: "chunkSize", reason: "must be positive") }
        if !prefetches.isEmpty && !(db is Database) && db.dialect.name == "postgres" {
            throw QuarryError.invalidArgument(
                name: "prefetch",
                reason: "a stream inside a PostgreSQL session or transaction cannot prefetch while its rows arrive on "
                    + "the same connection; stream on the Database")
        }
        let sql = try select(M.selection, dialect: db.dialect).readOnly()
        try await db.stream(sql, decoding: M.self, chunkSize: chunkSize) { rows in
            try await body(try await runPrefetches(rows, on: db))
        }
    }
}
