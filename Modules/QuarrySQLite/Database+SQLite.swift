import Logging
import Quarry

extension Database {
    /// Opens an SQLite database.
    ///
    /// ```swift
    /// let db = try await Database.sqlite(.file("app.sqlite"))
    /// let scratch = try await Database.sqlite(.memory)
    /// ```
    ///
    /// - Throws: `QuarryError/connectionFailed(_:)` when the file cannot be
    ///   opened, `QuarryError/invalidArgument(name:reason:)` for a bad
    ///   configuration.
    public static func sqlite(
        _ storage: SQLiteConfiguration.Storage, configuration: SQLiteConfiguration = .init(),
        logger: Logger = Logger(label: "quarry.sqlite")
    ) async throws -> Database {
        Database(driver: try await SQLiteDriver(storage: storage, configuration: configuration), logger: logger)
    }

    /// Opens an SQLite database with a readers' pool of its own size, the
    /// way `Database.postgres(url:pool:)` sizes PostgreSQL's.
    ///
    /// ```swift
    /// let db = try await Database.sqlite(.file("app.sqlite"), pool: .init(maxConnections: 8, checkoutTimeout: .seconds(2)))
    /// ```
    ///
    /// - Parameters:
    ///   - storage: a file, or a private in-memory database.
    ///   - pool: the readers (`maxConnections`) and the checkout timeout of the writer and readers.
    ///   - logger: where statements are logged (at debug level).
    public static func sqlite(
        _ storage: SQLiteConfiguration.Storage, pool: PoolConfiguration, logger: Logger = Logger(label: "quarry.sqlite")
    ) async throws -> Database {
        try await sqlite(storage, configuration: SQLiteConfiguration(pool: pool), logger: logger)
    }
}
