/// How many requests a key may make, and by which algorithm.
///
/// | algorithm | allows | good for |
/// | --- | --- | --- |
/// | ``fixedWindow(_:per:)`` | `limit` per calendar window (`12:00:00–12:00:59`) | cheap quotas; allows a burst of 2× across a window edge |
/// | ``slidingWindow(_:per:)`` | `limit` in any `period` ending now (an exact log) | strict limits |
/// | ``tokenBucket(_:per:burst:)`` | `burst` at once, refilled at `limit` per `period` | smooth APIs that tolerate short bursts |
///
/// ```swift
/// let perMinute = RateLimit.slidingWindow(60, per: .minutes(1))
/// let bursty = RateLimit.tokenBucket(10, per: .seconds(1), burst: 50)
/// ```
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// The counting rule.
    public enum Algorithm: String, Sendable, Hashable {
        case fixedWindow = "fixed"
        case slidingWindow = "sliding"
        case tokenBucket = "bucket"
    }

    /// The counting rule.
    public var algorithm: Algorithm
    /// Requests (cost units) per ``period``; a token bucket's refill.
    public var limit: Int
    /// The window, or the refill period.
    public var period: Duration
    /// A token bucket's capacity (``limit`` for the windows).
    public var burst: Int

    /// `limit` requests per calendar window of `period`.
    ///
    /// ```swift
    /// let quota = RateLimit.fixedWindow(1_000, per: .seconds(3600))
    /// ```
    public static func fixedWindow(_ limit: Int, per period: Duration) -> RateLimit {
        RateLimit(algorithm: .fixedWindow, limit: limit, period: period, burst: limit)
    }

    /// At most `limit` requests in any span of `period` (a log of the
    /// requests, so the allowance is exact at every instant).
    ///
    /// ```swift
    /// let login = RateLimit.slidingWindow(5, per: .seconds(60))
    /// ```
    public static func slidingWindow(_ limit: Int, per period: Duration) -> RateLimit {
        RateLimit(algorithm: .slidingWindow, limit: limit, period: period, burst: limit)
    }

    /// A bucket of `burst` tokens (`limit` when omitted) refilled at `limit`
    /// tokens per `period`; a request takes its cost in tokens.
    ///
    /// ```swift
    /// let api = RateLimit.tokenBucket(10, per: .seconds(1), burst: 40)
    /// ```
    public static func tokenBucket(_ limit: Int, per period: Duration, burst: Int? = nil) -> RateLimit {
        RateLimit(algorithm: .tokenBucket, limit: limit, period: period, burst: burst ?? limit)
    }

    /// The period in whole milliseconds (the stores' unit).
    public var periodMilliseconds: Int64 {
        let (seconds, attoseconds) = period.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// The `RateLimit-Policy` form: `100;w=60` (a token bucket adds `;burst=`).
    public var description: String {
        let window = max(1, (periodMilliseconds + 999) / 1_000)
        return algorithm == .tokenBucket && burst != limit ? "\(limit);w=\(window);burst=\(burst)" : "\(limit);w=\(window)"
    }

    /// Checks the numbers a store relies on.
    ///
    /// - Throws: ``RateLimitError/invalidLimit(_:)`` naming the bad argument.
    public func validate(as name: String = "limit") throws {
        guard limit > 0 else { throw RateLimitError.invalidLimit("\(name): limit must be positive, got \(limit)") }
        guard burst > 0 else { throw RateLimitError.invalidLimit("\(name): burst must be positive, got \(burst)") }
        guard periodMilliseconds >= 1 else {
            throw RateLimitError.invalidLimit("\(name): period must be at least 1 ms, got \(period)")
        }
        // Token-bucket arithmetic is exact in integers (and in Lua's doubles)
        // while burst × period stays below 2^53.
        guard Double(burst) * Double(periodMilliseconds) < 9.0e15 else {
            throw RateLimitError.invalidLimit("\(name): burst × period is too large")
        }
    }
}
