/// Something that runs a Lua script atomically on a shared server and
/// returns its integer array: Redis (`EVALSHA`/`EVAL`). QuarryRedis's
/// `RedisClient` is one (QuarryHummingbird declares the conformance).
///
/// ```swift
/// let store = ScriptedRateLimitStore(runner: redisClient)
/// ```
public protocol RateLimitScriptRunner: Sendable {
    /// Runs `script` with `keys` and `arguments`; the reply must be an
    /// array of integers.
    func runRateLimitScript(_ script: String, keys: [String], arguments: [String]) async throws -> [Int64]
}
