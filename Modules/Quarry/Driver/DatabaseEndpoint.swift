/// Which database a driver reaches, in the terms of OpenTelemetry's database
/// conventions: what tracing and monitoring label their spans and series
/// with. Never a password, never a bind value.
///
/// ```swift
/// let endpoint = db.driver.endpoint
/// print(endpoint.system, endpoint.namespace ?? "-", endpoint.host ?? "-", endpoint.port ?? 0)
/// // postgresql app db.internal 5432
/// ```
public struct DatabaseEndpoint: Sendable, Hashable {
    /// The database system (`db.system.name`): `"postgresql"`, `"sqlite"`.
    public var system: String
    /// The database within the server (`db.namespace`): PostgreSQL's
    /// database name, an SQLite file's path (`nil` for a private in-memory one).
    public var namespace: String?
    /// The server's host name or address (`server.address`); `nil` for an
    /// embedded database.
    public var host: String?
    /// The server's port (`server.port`).
    public var port: Int?

    /// Creates an endpoint description (drivers do).
    public init(system: String, namespace: String? = nil, host: String? = nil, port: Int? = nil) {
        self.system = system
        self.namespace = namespace
        self.host = host
        self.port = port
    }
}
