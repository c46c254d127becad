/// A database engine as the kernel sees it: a dialect and connections.
///
/// The kernel knows this protocol, never a concrete driver. `QuarrySQLite`
/// and `QuarryPostgres` implement it and offer `Database.sqlite(…)` and
/// `Database.postgres(…)` constructors.
///
/// ```swift
/// let db = Database(driver: try await SQLiteDriver(storage: .memory))
/// db.driver.dialect.name   // "sqlite"
/// ```
public protocol DatabaseDriver: Sendable {
    /// How this database spells SQL.
    var dialect: any SQLDialect { get }

    /// The database this driver reaches, named the same in every process
    /// that reaches it (`postgres://app@db:5432/app`, a SQLite file's
    /// path; a private in-memory database is unique to its driver), never
    /// with a password: caches key their entries by it.
    var identity: String { get }

    /// Which database this driver reaches, for tracing and monitoring
    /// labels (``DatabaseEndpoint``); by default only the dialect's name.
    var endpoint: DatabaseEndpoint { get }

    /// Runs one statement outside any session, on a connection the driver
    /// picks (SQLite sends reads to its reader pool).
    func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int

    /// Runs one statement like ``run(_:decoding:_:)``, at once on the
    /// calling thread, when a ready connection is idle and it needs no wait
    /// (``DatabaseConnection/runImmediately(_:decoding:_:)``); `nil`, with
    /// nothing done, otherwise.
    func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int?

    /// Lends one connection that may write, for a session or transaction,
    /// and takes it back (reset) when `body` ends.
    func withConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value

    /// Lends one connection for reading a long result (a stream): SQLite
    /// lends a reader, so the writer stays free.
    func withReadConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value

    /// Makes sure no connection keeps state built against the schema before a
    /// change (cached plans); ``Database/schemaDidChange()`` calls it.
    func schemaDidChange() async

    /// Closes every connection; later calls throw ``QuarryError/poolClosed``.
    func shutdown() async

    /// The driver's connection pools, for monitoring (empty by default).
    var pools: [any MonitoredPool] { get }
}

extension DatabaseDriver {
    /// By default a driver shows no pool.
    public var pools: [any MonitoredPool] { [] }

    /// By default a read uses any connection.
    public func withReadConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value {
        try await withConnection(body)
    }
}

extension DatabaseDriver {
    /// A driver runs nothing immediately unless it says how.
    public func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        nil
    }
}

extension DatabaseDriver {
    public var endpoint: DatabaseEndpoint { DatabaseEndpoint(system: dialect.name) }
}
