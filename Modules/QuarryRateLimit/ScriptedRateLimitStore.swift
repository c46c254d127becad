/// Counts kept in Redis, so every app process shares one limit: each
/// request is one atomic script (``RateLimitScripts``) — no race between
/// reading and writing a count, one round trip.
///
/// ```swift
/// let redis = try RedisClient(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// let limiter = try RateLimiter(name: "api", limit: .slidingWindow(100, per: .seconds(60)),
///                               store: ScriptedRateLimitStore(runner: redis))
/// ```
public struct ScriptedRateLimitStore: RateLimitStore {
    /// Runs the scripts.
    public let runner: any RateLimitScriptRunner
    /// Prefix of every key the store writes.
    public let namespace: String

    /// A store on `runner` writing keys under `namespace`.
    public init(runner: any RateLimitScriptRunner, namespace: String = "quarry:ratelimit") {
        self.runner = runner
        self.namespace = namespace
    }

    public func acquire(key: String, limit: RateLimit, cost: Int, now: Int64) async throws -> RateLimitDecision {
        let stateKey = "\(namespace):\(limit.algorithm.rawValue):\(key)"
        let reply = try await runner.runRateLimitScript(
            RateLimitScripts.script(for: limit.algorithm), keys: [stateKey, stateKey + ":seq"],
            arguments: [
                String(limit.limit), String(limit.periodMilliseconds), String(now), String(cost), String(limit.burst),
            ])
        guard reply.count == 4 else {
            throw RateLimitError.storeUnavailable("the script answered \(reply) instead of four integers")
        }
        return RateLimitDecision(
            isAllowed: reply[0] == 1, limit: limit, remaining: Int(reply[1]), resetMilliseconds: reply[2],
            retryAfterMilliseconds: reply[3] < 0 ? nil : reply[3])
    }

    public func reset(key: String) async throws {
        for algorithm in [RateLimit.Algorithm.fixedWindow, .slidingWindow, .tokenBucket] {
            let stateKey = "\(namespace):\(algorithm.rawValue):\(key)"
            _ = try await runner.runRateLimitScript(
                "redis.call('DEL', KEYS[1], KEYS[2]) return {}", keys: [stateKey, stateKey + ":seq"], arguments: [])
        }
    }
}
