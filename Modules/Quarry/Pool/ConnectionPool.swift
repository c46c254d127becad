/// A pool of driver connections: bounded size, async waits with a timeout,
/// health checks on checkout, and a maximum connection lifetime.
///
/// Waiting for a connection is an async suspension, never a blocking wait.
/// Waiters are served first come, first served. A connection is handed to one
/// task at a time and reset (open transaction rolled back) before reuse.
///
/// ```swift
/// let pool = ConnectionPool(configuration: .init(maxConnections: 4)) {
///     try await PostgresConnection.connect(configuration)
/// }
/// let count = try await pool.withConnection { connection in
///     try await connection.run(Statement(sql: "SELECT 1"), decoding: Row.self) { _ in }
/// }
/// ```
public final class ConnectionPool<Connection: PooledConnection>: AnyConnectionPool, @unchecked Sendable {
    /// Opens one new connection.
    public typealias Factory = @Sendable () async throws -> Connection

    /// Creates a pool; connections open lazily, on first checkout.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for an invalid
    ///   configuration.
    public init(name: String = "pool", configuration: PoolConfiguration, factory: @escaping Factory) throws {
        try super.init(name: name, configuration: configuration, openConnection: factory)
    }

    /// Runs `body` on a ready idle connection without suspending and returns
    /// the connection — or, without calling `body`, `nil` when none is ready
    /// or it is this pool's turn to yield (``withConnection(_:)`` then
    /// waits). A connection `body` leaves unclean (an open transaction,
    /// changed session state) is reset in a task of its own before reuse.
    ///
    /// ```swift
    /// let changed = try pool.withReadyConnection { try $0.runImmediately(statement, decoding: Row.self) { _ in } }
    /// ```
    public func withReadyConnection<Value>(_ body: (Connection) throws -> Value?) throws -> Value? {
        guard !isYieldDueNext(), let entry = takeReadyIdle() else { return nil }
        countCheckout()
        let connection = unsafeDowncast(entry.connection, to: Connection.self)
        defer {
            if !returnIfClean(entry) { Task { await self.release(entry) } }
        }
        return try body(connection)
    }

    /// Checks a connection out, runs `body` with it, and returns it to the
    /// pool, also when `body` throws.
    public func withConnection<Value>(_ body: (Connection) async throws -> Value) async throws -> Value {
        // A task checking out connection after connection, none of which
        // suspends, would keep the other tasks of its thread waiting: every
        // 64th checkout yields first, holding no connection while it waits.
        if isDueToYield() { await Task.yield() }
        // A ready idle connection is taken, and a clean one returned, without an async call.
        let entry: Entry
        if let ready = takeReadyIdle() { entry = ready } else { entry = try await checkout() }
        // Every connection in this pool came from `factory`, so it is a `Connection`.
        let connection = unsafeDowncast(entry.connection, to: Connection.self)
        do {
            let value = try await body(connection)
            if !returnIfClean(entry) { await release(entry) }
            return value
        } catch {
            if !returnIfClean(entry) { await release(entry) }
            throw error
        }
    }
}
