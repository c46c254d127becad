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
}
