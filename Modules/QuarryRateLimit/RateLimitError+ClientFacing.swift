import Quarry

/// How a web layer answers rate-limiter errors: an unreachable shared store
/// is a 503 `unavailable` (retry after 1 s); a limiter configured wrongly or
/// asked for an unknown tier is a programming error, 500.
///
/// ```swift
/// print(RateLimitError.storeUnavailable("timeout").httpStatus)  // 503
/// ```
extension RateLimitError: ClientFacingError {
    public var httpStatus: Int {
        if case .storeUnavailable = self { return 503 }
        return 500
    }

    public var errorCode: String {
        if case .storeUnavailable = self { return "unavailable" }
        return "internal_error"
    }

    public var publicMessage: String {
        if case .storeUnavailable = self { return "the rate limiter is unavailable; retry later" }
        return "internal error"
    }

    public var retryAfter: Duration? {
        if case .storeUnavailable = self { return .seconds(1) }
        return nil
    }
}
