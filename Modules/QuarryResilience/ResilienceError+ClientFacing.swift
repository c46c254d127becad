import Quarry

/// How a web layer answers resilience errors: an open circuit is a 503
/// `unavailable` with `Retry-After` (when the circuit half-opens); a write in
/// a read-only retrying block is a programming error, 500.
///
/// ```swift
/// let error = ResilienceError.circuitOpen(name: "db", retryAfter: .seconds(5))
/// print(error.httpStatus, error.retryAfter!)  // 503 5.0 seconds
/// ```
extension ResilienceError: ClientFacingError {
    public var httpStatus: Int {
        switch self {
        case .circuitOpen: 503
        case .writeInReadOnlyBlock: 500
        }
    }

    public var errorCode: String {
        switch self {
        case .circuitOpen: "unavailable"
        case .writeInReadOnlyBlock: "internal_error"
        }
    }

    public var publicMessage: String {
        switch self {
        case .circuitOpen: "the database is unavailable; retry later"
        case .writeInReadOnlyBlock: "internal error"
        }
    }

    public var retryAfter: Duration? {
        if case .circuitOpen(_, let retryAfter) = self { return retryAfter }
        return nil
    }
}
