import Foundation
import Quarry

/// Where a Redis server is and how to talk to it: host, port, password
/// (`AUTH`), database index (`SELECT`), timeouts and the pool's size —
/// read from a `redis://` URL.
///
/// ```swift
/// let configuration = try RedisConfiguration(url: "redis://:secret@127.0.0.1:6379/2")
/// ```
public struct RedisConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var password: String?
    public var database: Int
    /// The longest wait for a connection to open.
    public var connectTimeout: Duration
    /// The longest wait for a reply; a command that takes longer fails and
    /// its connection is discarded.
    public var commandTimeout: Duration
    /// The pool: its size, checkout timeout and health checks.
    public var pool: PoolConfiguration

    /// - Throws: `QuarryError/invalidConnectionString(_:)` for a URL that
    ///   is not `redis://[:password@]host[:port][/db]`.
    public init(
        url: String, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(2),
        pool: PoolConfiguration = PoolConfiguration(maxConnections: 8, checkoutTimeout: .seconds(2))
    ) throws {
        guard let components = URLComponents(string: url), components.scheme == "redis", let host = components.host,
            !host.isEmpty
        else {
            throw QuarryError.invalidConnectionString("expected redis://[:password@]host[:port][/db], got \(url)")
        }
        self.host = host
        port = components.port ?? 6379
        password = components.password.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if path.isEmpty {
            database = 0
        } else if let index = Int(path), index >= 0 {
            database = index
        } else {
            throw QuarryError.invalidConnectionString("the database index must be a number, got /\(path)")
        }
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.pool = pool
    }
}
