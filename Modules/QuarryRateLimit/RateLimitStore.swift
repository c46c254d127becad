/// Where a limiter keeps its counts: ``MemoryRateLimitStore`` for one
/// process, ``ScriptedRateLimitStore`` (Redis) for several processes
/// sharing one limit.
///
/// ```swift
/// let store: any RateLimitStore = MemoryRateLimitStore()
/// let decision = try await store.acquire(key: "api:k1", limit: .fixedWindow(5, per: .seconds(1)), cost: 1, now: 0)
/// ```
public protocol RateLimitStore: Sendable {
    /// Takes `cost` units from `key`'s allowance under `limit` at `now`
    /// (milliseconds since the epoch), atomically with respect to every
    /// other caller of the store.
    func acquire(key: String, limit: RateLimit, cost: Int, now: Int64) async throws -> RateLimitDecision

    /// Forgets `key`'s counts (an administrator lifting a block).
    func reset(key: String) async throws
}
