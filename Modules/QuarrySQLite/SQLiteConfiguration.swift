import Quarry

/// Where an SQLite database lives and how Quarry connects to it.
///
/// ```swift
/// let db = try await Database.sqlite(.file("app.sqlite"), pool: .init(maxConnections: 8))   // 8 readers
/// let tuned = try await Database.sqlite(.file("app.sqlite"), configuration: .init(busyTimeout: .seconds(1)))
/// let scratch = try await Database.sqlite(.memory)
/// ```
///
/// The pool is a `PoolConfiguration`, as PostgreSQL's is: for a file
/// database, `maxConnections` is the number of reader connections (the one
/// writer is always one), and `checkoutTimeout` bounds the wait for the
/// writer and for a reader alike.
public struct SQLiteConfiguration: Sendable, Hashable {
    /// The database's storage.
    public enum Storage: Sendable, Hashable {
        /// A private in-memory database, gone when the `Database` closes. One
        /// connection serves every statement.
        case memory
        /// A file, created if missing, in WAL mode: one writer connection
        /// and a pool of readers that never wait for it.
        case file(String)
    }

    /// The readers' pool (`maxConnections` readers, ignored for `.memory`)
    /// and the checkout timeout of the writer and the readers.
    public var pool: PoolConfiguration
    /// How long a statement retries, with async sleeps, while another process
    /// holds the database lock, before throwing `QuarryError/timeout(_:)`.
    public var busyTimeout: Duration
    /// Prepared statements kept per connection.
    public var statementCacheCapacity: Int
    /// Statements running longer are interrupted and throw
    /// `QuarryError/timeout(_:)`, as PostgreSQL's `statement_timeout`
    /// does; `nil` lets them run. Statements run on the calling task's
    /// thread, so this also bounds how long one can hold it.
    public var statementTimeout: Duration?

    /// The readers' pool by default: four readers, a 30-second checkout
    /// timeout, connections kept for the database's life (a local file has
    /// no server to go away), checked after an hour idle.
    ///
    /// ```swift
    /// var pool = SQLiteConfiguration.defaultPool
    /// pool.maxConnections = 8
    /// ```
    public static let defaultPool = PoolConfiguration(
        maxConnections: 4, checkoutTimeout: .seconds(30), maxLifetime: nil, healthCheckAfterIdle: .seconds(3600))

    /// Creates a configuration.
    ///
    /// ```swift
    /// let configuration = SQLiteConfiguration(pool: .init(maxConnections: 8), statementTimeout: .seconds(5))
    /// ```
    public init(
        pool: PoolConfiguration = SQLiteConfiguration.defaultPool, busyTimeout: Duration = .seconds(5),
        statementCacheCapacity: Int = 256, statementTimeout: Duration? = nil
    ) {
        self.pool = pool
        self.busyTimeout = busyTimeout
        self.statementCacheCapacity = statementCacheCapacity
        self.statementTimeout = statementTimeout
    }

    /// The spelling before the pool was a `PoolConfiguration`, as PostgreSQL's is.
    @available(*, deprecated, message: "pass pool: PoolConfiguration(maxConnections: readers, checkoutTimeout: …)")
    public init(
        readerCount: Int, busyTimeout: Duration = .seconds(5), checkoutTimeout: Duration = .seconds(30),
        statementCacheCapacity: Int = 256, statementTimeout: Duration? = nil
    ) {
        var pool = Self.defaultPool
        pool.maxConnections = readerCount
        pool.checkoutTimeout = checkoutTimeout
        self.init(pool: pool, busyTimeout: busyTimeout, statementCacheCapacity: statementCacheCapacity, statementTimeout: statementTimeout)
    }

    /// Reader connections for a file database: `pool.maxConnections`.
    @available(*, deprecated, renamed: "pool.maxConnections")
    public var readerCount: Int {
        get { pool.maxConnections }
        set { pool.maxConnections = newValue }
    }

    /// How long a task waits for a connection: `pool.checkoutTimeout`.
    @available(*, deprecated, renamed: "pool.checkoutTimeout")
    public var checkoutTimeout: Duration {
        get { pool.checkoutTimeout }
        set { pool.checkoutTimeout = newValue }
    }

    func validate() throws {
        if pool.maxConnections < 1 {
            throw QuarryError.invalidArgument(
                name: "pool.maxConnections", reason: "the readers must be at least 1, got \(pool.maxConnections)")
        }
        if busyTimeout < .zero {
            throw QuarryError.invalidArgument(name: "busyTimeout", reason: "must not be negative")
        }
        if let statementTimeout, statementTimeout <= .zero {
            throw QuarryError.invalidArgument(name: "statementTimeout", reason: "must be positive")
        }
        if statementCacheCapacity < 1 {
            throw QuarryError.invalidArgument(name: "statementCacheCapacity", reason: "must be at least 1")
        }
    }
}
