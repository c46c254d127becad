import Quarry

/// A web layer answers a spent allowance with 429 `rate_limited` and the
/// decision's `RateLimit-*` and `Retry-After` headers.
///
/// ```swift
/// catch let error as RateLimitExceeded { print(error.httpStatus, error.responseHeaders) }
/// ```
extension RateLimitExceeded: ClientFacingError {
    public var httpStatus: Int { 429 }
    public var errorCode: String { "rate_limited" }
    public var publicMessage: String {
        "too many requests (\(limiter): \(decision.limit)); retry in \(decision.retryAfterSeconds ?? 1) s"
    }
    /// `Retry-After` is among ``responseHeaders`` (the decision's own count).
    public var responseHeaders: [(name: String, value: String)] { decision.headers }
}
