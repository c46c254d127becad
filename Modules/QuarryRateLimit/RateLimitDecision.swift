/// A limiter's answer for one request, with what the client is told in
/// the `RateLimit-*` and `Retry-After` headers.
///
/// ```swift
/// let decision = try await limiter.acquire(key: "client:10.0.0.7")
/// if !decision.isAllowed { print("retry in \(decision.retryAfterSeconds!) s") }
/// ```
public struct RateLimitDecision: Sendable, Hashable {
    /// Whether the request may proceed (its cost was taken).
    public var isAllowed: Bool
    /// The policy that decided.
    public var limit: RateLimit
    /// Requests left now (after this one, when allowed).
    public var remaining: Int
    /// Milliseconds until the allowance is whole again (the window ends,
    /// the oldest logged request leaves the window, the bucket is full).
    public var resetMilliseconds: Int64
    /// Milliseconds until a request of the same cost would be allowed;
    /// `nil` when this one was allowed.
    public var retryAfterMilliseconds: Int64?

    /// Creates a decision (stores do this).
    public init(
        isAllowed: Bool, limit: RateLimit, remaining: Int, resetMilliseconds: Int64, retryAfterMilliseconds: Int64?
    ) {
        self.isAllowed = isAllowed
        self.limit = limit
        self.remaining = max(0, remaining)
        self.resetMilliseconds = max(0, resetMilliseconds)
        self.retryAfterMilliseconds = retryAfterMilliseconds.map { max(0, $0) }
    }

    /// `Retry-After` in whole seconds, rounded up (never 0 while denied).
    public var retryAfterSeconds: Int64? {
        retryAfterMilliseconds.map { max(1, ($0 + 999) / 1_000) }
    }

    /// The response headers: `RateLimit-Limit`, `RateLimit-Remaining`,
    /// `RateLimit-Reset` (seconds, rounded up), `RateLimit-Policy`, and
    /// `Retry-After` when denied (draft-ietf-httpapi-ratelimit-headers).
    public var headers: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("RateLimit-Limit", String(limit.algorithm == .tokenBucket ? limit.burst : limit.limit)),
            ("RateLimit-Remaining", String(remaining)),
            ("RateLimit-Reset", String((resetMilliseconds + 999) / 1_000)),
            ("RateLimit-Policy", limit.description),
        ]
        if let retry = retryAfterSeconds { fields.append(("Retry-After", String(retry))) }
        return fields
    }
}
