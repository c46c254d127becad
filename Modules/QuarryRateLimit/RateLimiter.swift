import Logging

/// A named limit on a store: a default ``RateLimit`` and optional tiers
/// (a different limit per plan), keyed by whatever the caller identifies
/// a client by (an address, a user, an API key).
///
/// ```swift
/// let limiter = try RateLimiter(
///     name: "api", limit: .slidingWindow(60, per: .seconds(60)),
///     tiers: ["pro": .tokenBucket(20, per: .seconds(1), burst: 100)],
///     store: MemoryRateLimitStore())
/// let decision = try await limiter.acquire(key: "user:42", tier: "pro")
/// try await limiter.check(key: "user:7")   // throws RateLimitExceeded when spent
/// ```
public struct RateLimiter: Sendable {
    /// What happens when the store does not answer (Redis down).
    public enum StoreFailurePolicy: Sendable {
        /// Let the request through and log a warning (availability first).
        case allow
        /// Refuse it: ``acquire(key:tier:cost:)`` throws ``RateLimitError/storeUnavailable(_:)``.
        case fail
    }

    /// Names the limiter's keys in the store, so two limiters never share counts.
    public let name: String
    /// The limit of clients without a tier.
    public let limit: RateLimit
    /// Limits by tier name.
    public let tiers: [String: RateLimit]
    /// Where counts live.
    public let store: any RateLimitStore
    /// The time counted in.
    public let clock: RateLimitClock
    /// What a store failure means.
    public let onStoreFailure: StoreFailurePolicy
    private let logger: Logger

    /// A limiter.
    ///
    /// - Throws: ``RateLimitError/invalidLimit(_:)`` naming `limit` or the
    ///   tier whose numbers cannot work.
    public init(
        name: String, limit: RateLimit, tiers: [String: RateLimit] = [:], store: any RateLimitStore,
        clock: RateLimitClock = .system, onStoreFailure: StoreFailurePolicy = .allow,
        logger: Logger = Logger(label: "quarry.ratelimit")
    ) throws {
        try limit.validate(as: "limit")
        for (tier, tierLimit) in tiers { try tierLimit.validate(as: "tiers[\"\(tier)\"]") }
        self.name = name
        self.limit = limit
        self.tiers = tiers
        self.store = store
        self.clock = clock
        self.onStoreFailure = onStoreFailure
        self.logger = logger
    }

    /// The limit of `tier` (the default limit for `nil`).
    ///
    /// - Throws: ``RateLimitError/unknownTier(_:)``.
    public func limit(forTier tier: String?) throws -> RateLimit {
        guard let tier else { return limit }
        guard let tierLimit = tiers[tier] else { throw RateLimitError.unknownTier(tier) }
        return tierLimit
    }

    /// Takes `cost` units from `key`'s allowance and returns the decision,
    /// allowed or not.
    ///
    /// - Throws: ``RateLimitError`` for an unknown tier, a cost below 1, or
    ///   (with ``StoreFailurePolicy/fail``) a store that did not answer.
    public func acquire(key: String, tier: String? = nil, cost: Int = 1) async throws -> RateLimitDecision {
        guard cost >= 1 else { throw RateLimitError.invalidLimit("cost: must be at least 1, got \(cost)") }
        let limit = try limit(forTier: tier)
        let storeKey = "\(name):\(tier ?? "-"):\(key)"
        do {
            return try await store.acquire(key: storeKey, limit: limit, cost: cost, now: clock.now())
        } catch {
            switch onStoreFailure {
            case .fail:
                throw RateLimitError.storeUnavailable("\(error)")
            case .allow:
                logger.warning("rate limit store failed; request allowed", metadata: ["limiter": "\(name)", "error": "\(error)"])
                return RateLimitDecision(
                    isAllowed: true, limit: limit, remaining: limit.limit, resetMilliseconds: 0, retryAfterMilliseconds: nil)
            }
        }
    }

    /// ``acquire(key:tier:cost:)`` that throws when the allowance is spent.
    ///
    /// - Throws: ``RateLimitExceeded`` (with the decision for the headers).
    @discardableResult
    public func check(key: String, tier: String? = nil, cost: Int = 1) async throws -> RateLimitDecision {
        let decision = try await acquire(key: key, tier: tier, cost: cost)
        guard decision.isAllowed else { throw RateLimitExceeded(limiter: name, decision: decision) }
        return decision
    }

    /// Forgets `key`'s counts under `tier`.
    public func reset(key: String, tier: String? = nil) async throws {
        try await store.reset(key: "\(name):\(tier ?? "-"):\(key)")
    }
}
