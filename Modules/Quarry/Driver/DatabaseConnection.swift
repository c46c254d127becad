/// One live connection, implemented by each driver.
///
/// A connection is used by one task at a time: the pool hands it out
/// exclusively. Its methods may be called from any task; a driver whose C
/// calls block (libpq) runs them on a thread the connection owns.
///
/// ```swift
/// try await db.driver.withConnection { connection in
///     try await connection.run(Statement(sql: "SELECT 1"), decoding: Row.self) { print($0) }
/// }
/// ```
public protocol DatabaseConnection: PooledConnection {
    /// Runs `statement`, passing each decoded row to `body` in order, and
    /// returns the number of rows the statement changed (0 for queries).
    ///
    /// Cancelling the calling task interrupts a cancellable statement and
    /// throws ``QuarryError/cancelled(sql:)``; the connection stays usable.
    func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int

    /// Runs `statement` at once on the calling thread when the driver can
    /// without waiting for anything (SQLite: no turn to give, no lock held
    /// by another process), like ``run(_:decoding:_:)``; returns `nil`,
    /// having done nothing, when it cannot — the caller then uses `run`.
    /// What keeps a statement on the hot path free of async frames.
    ///
    /// ```swift
    /// if let changed = try connection.runImmediately(statement, decoding: Row.self, { print($0) }) { … }
    /// ```
    func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int?

    /// Runs `statement` and hands its rows to `body` in chunks of at most
    /// `chunkSize`, reading the next chunk only after `body` returned — so
    /// memory holds one chunk however many rows there are, and a slow
    /// consumer slows the reading (SQLite steps the statement; PostgreSQL
    /// reads in single-row mode). `body` returns `false` to stop early; the
    /// statement is then abandoned (PostgreSQL: cancelled) and the
    /// connection stays usable. Cancelling the calling task stops it too.
    func stream<Decoded: RowDecodable & Sendable>(
        _ statement: Statement, decoding type: Decoded.Type, chunkSize: Int,
        _ body: ([Decoded]) async throws -> Bool
    ) async throws

    /// The executor that runs this connection's blocking calls, if it has
    /// one. A session or transaction runs its whole closure there (a task
    /// executor preference), so its statements make no thread hop.
    var preferredTaskExecutor: (any TaskExecutor)? { get }
}

extension DatabaseConnection {
    /// A driver whose calls wait on the network runs nothing immediately.
    public func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        nil
    }
}
