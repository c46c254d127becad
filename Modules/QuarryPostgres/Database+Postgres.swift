import Logging
import Quarry

extension Database {
    /// Connects to PostgreSQL.
    ///
    /// ```swift
    /// let db = try await Database.postgres(url: "postgres://app@localhost:5432/app")
    /// ```
    ///
    /// - Throws: `QuarryError/invalidConnectionString(_:)` for a malformed
    ///   URL, `QuarryError/connectionFailed(_:)` when the server cannot be
    ///   reached or refuses the login.
    public static func postgres(
        url: String, pool: PoolConfiguration = .init(), logger: Logger = Logger(label: "quarry.postgres")
    ) async throws -> Database {
        try await postgres(PostgresConfiguration(url, pool: pool), logger: logger)
    }

    /// Connects to PostgreSQL with a full configuration.
    ///
    /// ```swift
    /// var configuration = try PostgresConfiguration("host=localhost dbname=app")
    /// configuration.statementTimeout = .seconds(5)
    /// let db = try await Database.postgres(configuration)
    /// ```
    public static func postgres(
        _ configuration: PostgresConfiguration, logger: Logger = Logger(label: "quarry.postgres")
    ) async throws -> Database {
        Database(driver: try await PostgresDriver(configuration: configuration), logger: logger)
    }
}
