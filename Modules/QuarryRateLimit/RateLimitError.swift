/// A rate limiter that cannot work as configured or cannot reach its store.
public enum RateLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A limit, burst or period that cannot work; the message names it.
    case invalidLimit(String)
    /// A request named a tier the limiter does not know.
    case unknownTier(String)
    /// The shared store did not answer (and the limiter is set to deny then).
    case storeUnavailable(String)

    public var description: String {
        switch self {
        case .invalidLimit(let message): "rate limit: \(message)"
        case .unknownTier(let tier): "rate limit: unknown tier '\(tier)'"
        case .storeUnavailable(let message): "rate limit store unavailable: \(message)"
        }
    }
}
