import Synchronization

/// Counts in this process's memory: exact, fast (one lock per request),
/// and private to the process — use ``ScriptedRateLimitStore`` with Redis
/// when several app processes must share one limit.
///
/// States whose allowance is whole again are dropped as the store goes
/// (a sweep every 1,024 requests), so memory follows the active keys.
///
/// ```swift
/// let limiter = try RateLimiter(name: "api", limit: .tokenBucket(10, per: .seconds(1)), store: MemoryRateLimitStore())
/// ```
public final class MemoryRateLimitStore: RateLimitStore {
    private struct Entry {
        var state: RateLimitState
        var limit: RateLimit
        var expiry: Int64
    }

    private struct Table {
        var entries: [String: Entry] = [:]
        var operations = 0
    }

    private let table = Mutex(Table())

    /// An empty store.
    public init() {}

    /// The number of keys holding state (for tests and monitoring).
    public var count: Int { table.withLock { $0.entries.count } }

    public func acquire(key: String, limit: RateLimit, cost: Int, now: Int64) async throws -> RateLimitDecision {
        table.withLock { table in
            table.operations += 1
            if table.operations % 1_024 == 0 {
                table.entries = table.entries.filter { $0.value.expiry > now }
            }
            var state = RateLimitState.fresh
            // A key whose policy changed (a new tier) starts afresh.
            if let entry = table.entries[key], entry.limit == limit, entry.expiry > now { state = entry.state }
            let decision = state.acquire(limit, cost: cost, now: now)
            table.entries[key] = Entry(state: state, limit: limit, expiry: state.expiry(under: limit))
            return decision
        }
    }

    public func reset(key: String) async throws {
        _ = table.withLock { $0.entries.removeValue(forKey: key) }
    }
}
