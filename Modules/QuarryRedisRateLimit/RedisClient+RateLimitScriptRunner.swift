import QuarryRateLimit
import QuarryRedis

/// A Redis client runs the shared rate-limit store's scripts, so several
/// app processes count against one limit.
///
/// ```swift
/// let store = ScriptedRateLimitStore(runner: try RedisClient(configuration: RedisConfiguration(url: url)))
/// ```
extension RedisClient: RateLimitScriptRunner {
    public func runRateLimitScript(_ script: String, keys: [String], arguments: [String]) async throws -> [Int64] {
        let reply = try await evaluate(script, keys: keys, arguments: arguments)
        guard case .array(let items) = reply else { throw RedisError.server("the script answered \(reply), not an array") }
        return try items.map { item in
            guard case .integer(let value) = item else { throw RedisError.server("the script answered \(item), not an integer") }
            return value
        }
    }
}
