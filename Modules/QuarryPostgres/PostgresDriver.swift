import Quarry
import Synchronization

/// The PostgreSQL driver: a pool of ``PostgresConnection``s, each on a
/// thread of its own.
///
/// ```swift
/// let driver = try await PostgresDriver(configuration: try PostgresConfiguration("postgres://localhost/app"))
/// let db = Database(driver: driver)        // what Database.postgres(_:) does
/// print(driver.poolStatistics.open)
/// ```
public final class PostgresDriver: DatabaseDriver {
    public let dialect: any SQLDialect = PostgresDialect()
    public var identity: String { configuration.databaseIdentity }
    public let endpoint: DatabaseEndpoint
    /// The settings the pool was created with.
    public let configuration: PostgresConfiguration
    private let pool: ConnectionPool<PostgresConnection>

    /// Creates the pool and opens one connection, so that a wrong URL or an
    /// unreachable server fails here.
    public init(configuration: PostgresConfiguration) async throws {
        try configuration.validate()
        self.configuration = configuration
        self.endpoint = configuration.endpoint
        let counter = Atomic<Int>(0)
        pool = try ConnectionPool(name: "postgres", configuration: configuration.pool) {
            let number = counter.add(1, ordering: .relaxed).newValue
            return try await PostgresConnection.connect(configuration, name: "quarry.postgres.\(number)")
        }
        try await pool.withConnection { _ in }
    }

    /// Pool counts, for monitoring and tests.
    public var poolStatistics: PoolStatistics { pool.statistics }

    /// The one pool of connections.
    public var pools: [any MonitoredPool] { [pool] }

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        try await pool.withConnection { connection in
            try await connection.run(statement, decoding: type, body)
        }
    }

    public func withConnection<Value>(_ body: (any DatabaseConnection) async throws -> Value) async throws -> Value {
        try await pool.withConnection { connection in try await body(connection) }
    }

    /// Recycles the pool: a PostgreSQL session's cached plans (prepared
    /// statements, PL/pgSQL functions) may fail after a column type changed.
    public func schemaDidChange() async {
        await pool.recycle()
    }

    public func shutdown() async {
        await pool.shutdown()
    }
}
