/// What a ``ConnectionPool`` needs of a connection: whether it still
/// works, a health check, a reset before reuse, and a close. Database
/// connections are ones; so are other clients' (Redis).
///
/// ```swift
/// let pool = try ConnectionPool<RedisConnection>(configuration: .init(maxConnections: 4)) {
///     try await RedisConnection.connect(configuration)
/// }
/// ```
public protocol PooledConnection: AnyObject, Sendable {
    /// `false` once the connection is broken; the pool then discards it.
    var isUsable: Bool { get }

    /// Whether the server still answers (a cheap round trip).
    func ping() async -> Bool

    /// Restores a clean state before the connection returns to the pool
    /// (rolls back a transaction left open); `false` means discard it.
    func reset() async -> Bool

    /// Closes the connection and releases its resources.
    func close() async

    /// Whether the connection can go back to the pool as it is — ``reset()``
    /// would have nothing to do — answered without suspending, so that the
    /// common release costs no async call (and, for PostgreSQL, no hop to
    /// the connection's thread). `false` always runs ``reset()``.
    ///
    /// ```swift
    /// var isClean: Bool { !inTransaction && !sessionChanged }
    /// ```
    var isClean: Bool { get }
}

extension PooledConnection {
    /// Unknown: ``reset()`` runs on every release.
    public var isClean: Bool { false }
}
