import Quarry

/// Where an SQLite database lives and how Quarry connects to it.
///
/// ```swift
/// let db = try await Database.sqlite(.file("app.sqlite"), configuration: .init(readerCount: 8))
/// let scratch = try await Database.sqlite(.memory)
/// ```
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

    /// Reader connections for a file database (ignored for `.memory`).
    public var readerCount: Int
    /// How long a statement retries, with async sleeps, while another process
    /// holds the database lock, before throwing `QuarryError/timeout(_:)`.
    public var busyTimeout: Duration
    /// How long a task waits for the writer (or a reader) connection before
    /// throwing `QuarryError/poolExhausted(maxConnections:waited:)`.
    public var checkoutTimeout: Duration
    /// Prepared statements kept per connection.
    public var statementCacheCapacity: Int
    /// Statements running longer are interrupted and throw
    /// `QuarryError/timeout(_:)`, as PostgreSQL's `statement_timeout`
    /// does; `nil` lets them run. Statements run on the calling task's
    /// thread, so this also bounds how long one can hold it.
    public var statementTimeout: Duration?

    /// Creates a configuration.
    public init(
        readerCount: Int = 4, busyTimeout: Duration = .seconds(5), checkoutTimeout: Duration = .seconds(30),
        statementCacheCapacity: Int = 256, statementTimeout: Duration? = nil
    ) {
        self.readerCount = readerCount
        self.busyTimeout = busyTimeout
        self.checkoutTimeout = checkoutTimeout
        self.statementCacheCapacity = statementCacheCapacity
        self.statementTimeout = statementTimeout
    }

    func validate() throws {
        if readerCount < 1 {
            throw QuarryError.invalidArgument(name: "readerCount", reason: "must be at least 1, got \(readerCount)")
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
