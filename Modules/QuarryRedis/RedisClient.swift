import Quarry
import Synchronization

/// A pooled Redis client for commands and Lua scripts: what features other
/// than the cache (rate limits, notifications) talk to Redis through.
///
/// ```swift
/// let redis = try RedisClient(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// try await redis.send(["SET", "greeting", "hello"]).checked()
/// let reply = try await redis.evaluate("return redis.call('INCR', KEYS[1])", keys: ["hits"])
/// await redis.close()
/// ```
public final class RedisClient: Sendable {
    /// Where the server is.
    public let configuration: RedisConfiguration
    /// The connections (observable through `PoolObserver`s like any pool).
    public let pool: ConnectionPool<RedisConnection>
    /// SHA1 digests of the scripts the server has loaded, by source.
    private let scripts = Mutex<[String: String]>([:])

    /// A client; connections open on first use.
    ///
    /// - Throws: when the pool configuration is invalid.
    public init(configuration: RedisConfiguration) throws {
        self.configuration = configuration
        pool = try ConnectionPool(name: "redis", configuration: configuration.pool) {
            try await RedisConnection.connect(configuration)
        }
    }

    /// Closes the pool's connections.
    public func close() async {
        await pool.shutdown()
    }

    /// Sends one command on a pooled connection.
    ///
    /// - Throws: ``RedisError/connection(_:)`` when the server cannot be
    ///   reached; a server error comes back as ``RedisReply/error(_:)``.
    public func send(_ arguments: [String]) async throws -> RedisReply {
        try await pool.withConnection { try await $0.send(arguments) }
    }

    /// Sends `commands` in one round trip on one connection.
    public func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        try await pool.withConnection { connection in
            try await connection.pipeline(commands.map { $0.map { Array($0.utf8) } })
        }
    }

    /// Runs a Lua script atomically: `EVALSHA` of its digest, loading it
    /// first (and again after a server restart or `SCRIPT FLUSH`).
    ///
    /// - Throws: ``RedisError/server(_:)`` when the script fails,
    ///   ``RedisError/connection(_:)`` when the server cannot be reached.
    public func evaluate(_ script: String, keys: [String] = [], arguments: [String] = []) async throws -> RedisReply {
        try await pool.withConnection { connection in
            for attempt in 0..<2 {
                let digest = try await digest(of: script, on: connection, reload: attempt > 0)
                let reply = try await connection.send(["EVALSHA", digest, String(keys.count)] + keys + arguments)
                if case .error(let message) = reply {
                    if message.hasPrefix("NOSCRIPT") { continue }
                    throw RedisError.server(message)
                }
                return reply
            }
            throw RedisError.server("the script could not be loaded")
        }
    }

    private func digest(of script: String, on connection: RedisConnection, reload: Bool) async throws -> String {
        if !reload, let known = scripts.withLock({ $0[script] }) { return known }
        let reply = try await connection.send(["SCRIPT", "LOAD", script]).checked()
        guard let digest = reply.text else { throw RedisError.server("SCRIPT LOAD answered \(reply)") }
        scripts.withLock { $0[script] = digest }
        return digest
    }
}
