/// Thrown by ``RateLimiter/check(key:tier:cost:)`` when the allowance is
/// spent; QuarryHummingbird turns it into a 429 with `Retry-After`.
///
/// ```swift
/// do { try await limiter.check(key: user.id.description) }
/// catch let error as RateLimitExceeded { print(error.decision.retryAfterSeconds!) }
/// ```
public struct RateLimitExceeded: Error, Sendable, CustomStringConvertible {
    /// The limiter that said no.
    public var limiter: String
    /// Its decision (headers included).
    public var decision: RateLimitDecision

    /// Creates the error.
    public init(limiter: String, decision: RateLimitDecision) {
        self.limiter = limiter
        self.decision = decision
    }

    public var description: String {
        "rate limit '\(limiter)' exceeded (\(decision.limit)); retry after \(decision.retryAfterSeconds ?? 1) s"
    }
}
