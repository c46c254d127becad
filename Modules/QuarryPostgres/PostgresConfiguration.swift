import CLibPQ
import Foundation
import Quarry

/// How Quarry connects to PostgreSQL: a libpq connection string, the pool,
/// and settings applied to every new connection.
///
/// The connection string is a URL (`postgres://user:secret@host:5432/app?sslmode=require`)
/// or key/value pairs (`host=localhost dbname=app`). Everything in it goes to
/// libpq untouched, TLS settings (`sslmode`, `sslrootcert`, `sslcert`, …)
/// and `connect_timeout` included.
///
/// ```swift
/// var configuration = try PostgresConfiguration("postgres://app@localhost/app")
/// configuration.pool.maxConnections = 20
/// configuration.statementTimeout = .seconds(5)
/// let db = try await Database.postgres(configuration)
/// ```
public struct PostgresConfiguration: Sendable {
    /// The libpq connection string (URL or key/value form).
    public var connectionString: String
    /// Pool size, checkout timeout, health checks and connection lifetime.
    public var pool: PoolConfiguration
    /// Statements running longer are cancelled by the server and throw
    /// `QuarryError/timeout(_:)`; `nil` keeps the server's setting.
    public var statementTimeout: Duration?
    /// Run-time parameters set on every new connection (`set_config`), for
    /// example `["search_path": "tenant_1"]`. `TimeZone` is `UTC` unless set
    /// here: timestamps without time zone are read and written as UTC.
    public var settings: [String: String]
    /// Prepared statements kept per connection.
    public var statementCacheCapacity: Int

    /// Parses and checks a connection string.
    ///
    /// - Throws: `QuarryError/invalidConnectionString(_:)` naming the
    ///   problem (the password is never repeated).
    public init(
        _ connectionString: String, pool: PoolConfiguration = .init(), statementTimeout: Duration? = nil,
        settings: [String: String] = [:], statementCacheCapacity: Int = 256
    ) throws {
        try Self.validate(connectionString)
        self.connectionString = connectionString
        self.pool = pool
        self.statementTimeout = statementTimeout
        self.settings = settings
        self.statementCacheCapacity = statementCacheCapacity
    }

    /// Checks the settings that are not part of the connection string.
    func validate() throws {
        try pool.validate()
        if let statementTimeout, statementTimeout <= .zero {
            throw QuarryError.invalidArgument(name: "statementTimeout", reason: "must be positive")
        }
        if statementCacheCapacity < 1 {
            throw QuarryError.invalidArgument(name: "statementCacheCapacity", reason: "must be at least 1")
        }
        for name in settings.keys where name.isEmpty || name.contains("\0") {
            throw QuarryError.invalidArgument(name: "settings", reason: "a parameter name must be non-empty text")
        }
    }

    /// The settings each new connection applies, in a stable order.
    var connectionSettings: [(String, String)] {
        var all = settings
        if all.keys.first(where: { $0.lowercased() == "timezone" }) == nil { all["TimeZone"] = "UTC" }
        if let statementTimeout {
            let milliseconds = max(1, statementTimeout.components.seconds * 1000
                + statementTimeout.components.attoseconds / 1_000_000_000_000_000)
            all["statement_timeout"] = "\(milliseconds)ms"
        }
        return all.sorted { $0.key < $1.key }
    }

    private static func validate(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw QuarryError.invalidConnectionString("it is empty; expected a postgres:// URL or key=value pairs")
        }
        guard !text.contains("\0") else {
            throw QuarryError.invalidConnectionString("it contains a NUL character")
        }
        let isURL = trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://")
        if !isURL && !trimmed.contains("=") {
            throw QuarryError.invalidConnectionString(
                "expected a postgres:// or postgresql:// URL, or key=value pairs")
        }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            let reason = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            PQfreemem(message)
            throw QuarryError.invalidConnectionString(reason ?? "libpq could not parse it")
        }
        PQconninfoFree(options)
    }
}
