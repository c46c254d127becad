import Quarry

/// Retries of a chunk whose error is transient (a serialization failure, a
/// deadlock, a lost connection, a busy pool or a timeout): the chunk's
/// transaction runs again from the start after an exponential backoff with
/// full jitter, up to `maxAttempts` runs in all.
///
/// ```swift
/// RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(20), maxDelay: .seconds(1))
/// RetryPolicy.none
/// ```
public struct RetryPolicy: Sendable {
    /// Runs of a chunk in all, the first included (1: no retry).
    public var maxAttempts: Int
    /// The backoff before the first retry; it doubles for each next one.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maxDelay: Duration
    /// Which errors are worth a retry; by default ``QuarryError/isTransient``.
    public var isTransient: @Sendable (any Error) -> Bool

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2),
        isTransient: @escaping @Sendable (any Error) -> Bool = { ($0 as? QuarryError)?.isTransient ?? false }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.isTransient = isTransient
    }

    /// No retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The pause before retry number `retry` (1 for the first): a random
    /// duration up to the capped exponential delay.
    func delay(beforeRetry retry: Int) -> Duration {
        let exponential = baseDelay * Int(1 << min(retry - 1, 20))
        let capped = min(exponential, maxDelay)
        let nanoseconds = capped.components.seconds * 1_000_000_000 + capped.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(nanoseconds, 0)))
    }
}
