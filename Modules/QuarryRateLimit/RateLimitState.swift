/// One key's counting state and the arithmetic of the three algorithms,
/// in integer milliseconds. ``MemoryRateLimitStore`` runs it in process;
/// ``RateLimitScripts`` is the same arithmetic in Lua for Redis, so both
/// stores give identical answers at every boundary.
///
/// ```swift
/// var state = RateLimitState.fresh
/// let decision = state.acquire(.fixedWindow(10, per: .seconds(1)), cost: 1, now: 1_000)
/// ```
public enum RateLimitState: Sendable, Hashable {
    /// No request counted yet.
    case fresh
    /// Units counted in the calendar window `window` (= now / period).
    case fixedWindow(window: Int64, count: Int)
    /// The instants (ms) of the units taken within the last period, oldest first.
    case slidingWindow(log: [Int64])
    /// Tokens × period (exact integers) and the instant they were counted.
    case tokenBucket(scaledTokens: Int64, at: Int64)

    /// Takes `cost` units under `limit` at `now` (ms since the epoch) when
    /// the allowance has them, and says so either way.
    public mutating func acquire(_ limit: RateLimit, cost: Int, now: Int64) -> RateLimitDecision {
        let period = limit.periodMilliseconds
        switch limit.algorithm {
        case .fixedWindow:
            let window = now / period
            var count = 0
            if case .fixedWindow(let stored, let storedCount) = self, stored == window { count = storedCount }
            let reset = (window + 1) * period - now
            guard count + cost <= limit.limit else {
                self = .fixedWindow(window: window, count: count)
                return RateLimitDecision(
                    isAllowed: false, limit: limit, remaining: limit.limit - count, resetMilliseconds: reset,
                    retryAfterMilliseconds: reset)
            }
            count += cost
            self = .fixedWindow(window: window, count: count)
            return RateLimitDecision(
                isAllowed: true, limit: limit, remaining: limit.limit - count, resetMilliseconds: reset,
                retryAfterMilliseconds: nil)

        case .slidingWindow:
            var log: [Int64] = []
            if case .slidingWindow(let stored) = self { log = stored }
            // A unit taken at t counts while now < t + period.
            log.removeAll { $0 <= now - period }
            guard log.count + cost <= limit.limit else {
                let leaving = log.count + cost - limit.limit - 1
                let retry = leaving < log.count ? log[leaving] + period - now : period
                let reset = log.last.map { $0 + period - now } ?? 0
                self = .slidingWindow(log: log)
                return RateLimitDecision(
                    isAllowed: false, limit: limit, remaining: limit.limit - log.count, resetMilliseconds: reset,
                    retryAfterMilliseconds: retry)
            }
            log.append(contentsOf: repeatElement(now, count: cost))
            self = .slidingWindow(log: log)
            return RateLimitDecision(
                isAllowed: true, limit: limit, remaining: limit.limit - log.count, resetMilliseconds: period,
                retryAfterMilliseconds: nil)

        case .tokenBucket:
            let capacity = Int64(limit.burst) * period
            let rate = Int64(limit.limit)
            var tokens = capacity
            var last = now
            if case .tokenBucket(let stored, let at) = self {
                let elapsed = max(0, now - at)
                let (refill, overflow) = elapsed.multipliedReportingOverflow(by: rate)
                tokens = overflow ? capacity : min(capacity, stored + refill)
                last = max(at, now)
            }
            let need = Int64(cost) * period
            let allowed = tokens >= need
            if allowed { tokens -= need }
            self = .tokenBucket(scaledTokens: tokens, at: last)
            return RateLimitDecision(
                isAllowed: allowed, limit: limit, remaining: Int(tokens / period),
                resetMilliseconds: Self.ceilingDivision(capacity - tokens, rate),
                retryAfterMilliseconds: allowed ? nil : Self.ceilingDivision(need - tokens, rate))
        }
    }

    /// The instant after which this state means the same as ``fresh``
    /// (a store may forget it then).
    public func expiry(under limit: RateLimit) -> Int64 {
        let period = limit.periodMilliseconds
        switch self {
        case .fresh: return 0
        case .fixedWindow(let window, _): return (window + 1) * period
        case .slidingWindow(let log): return (log.last ?? 0) + period
        case .tokenBucket(let tokens, let at):
            return at + Self.ceilingDivision(Int64(limit.burst) * period - tokens, Int64(limit.limit))
        }
    }

    static func ceilingDivision(_ value: Int64, _ divisor: Int64) -> Int64 {
        value <= 0 ? 0 : (value + divisor - 1) / divisor
    }
}
