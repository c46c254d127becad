import Quarry

extension Database {
    /// Runs `body` in a transaction and, when it fails with a transient
    /// error (serialization failure, deadlock, lost connection, busy
    /// database), runs the whole transaction again after a backoff — never
    /// half of it. Keep side effects outside the database out of `body`,
    /// or make them idempotent: it may run more than once.
    ///
    /// ```swift
    /// try await db.transaction(retrying: RetryPolicy(maxAttempts: 5)) { tx in
    ///     var account = try await Account.get(on: tx, id: 1)
    ///     account.balance += 10
    ///     try await account.save(on: tx)
    /// }
    /// ```
    @discardableResult
    public func transaction<Value>(
        retrying policy: RetryPolicy, _ body: (Transaction) async throws -> Value
    ) async throws -> Value {
        try await policy.run { _ in try await transaction(body) }
    }

    /// Runs `body`, which only reads, again after a transient error. Every
    /// statement it runs must be known to read (queries, `get`, `count`,
    /// …); one that may write throws ``ResilienceError/writeInReadOnlyBlock(sql:)``
    /// instead of running, since repeating a write outside a transaction
    /// could apply it twice.
    ///
    /// ```swift
    /// let authors = try await db.retryingReads { db in try await Author.query.all(on: db) }
    /// ```
    public func retryingReads<Value>(
        _ policy: RetryPolicy = RetryPolicy(), _ body: (ReadOnlyExecutor) async throws -> Value
    ) async throws -> Value {
        let reader = ReadOnlyExecutor(database: self)
        return try await policy.run { _ in try await body(reader) }
    }

    /// Runs `body` — writes included — again after a transient error,
    /// because the caller says repeating it is safe (`idempotent: true`:
    /// an upsert, a write keyed by a request id under a unique constraint).
    ///
    /// ```swift
    /// try await db.retrying(idempotent: true) { db in
    ///     try await Payment(requestID: id, amount: 10).upsert(on: db, conflict: \.requestID)
    /// }
    /// ```
    public func retrying<Value>(
        _ policy: RetryPolicy = RetryPolicy(), idempotent: Bool, _ body: (Database) async throws -> Value
    ) async throws -> Value {
        guard idempotent else { return try await body(self) }
        return try await policy.run { _ in try await body(self) }
    }
}
