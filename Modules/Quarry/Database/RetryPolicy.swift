/// When and how often to run work again after a transient error (a
/// serialization failure, a deadlock, a lost connection, a busy pool or
/// database, a timeout): after an exponential backoff with full jitter, up
/// to `maxAttempts` runs in all and within an optional `deadline`. What
/// batches retry their chunks with, and `QuarryResilience` its
/// transactions and reads.
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
    /// The longest time all runs and pauses may take; no retry starts
    /// after it (`nil`: only `maxAttempts` limits).
    public var deadline: Duration?
    /// Which errors are worth a retry; by default ``QuarryError/isTransient``.
    public var isTransient: @Sendable (any Error) -> Bool

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2),
        deadline: Duration? = nil,
        isTransient: @escaping @Sendable (any Error) -> Bool = { ($0 as? QuarryError)?.isTransient ?? false }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.deadline = deadline
        self.isTransient = isTransient
    }

    /// No retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Runs `body`, again after a backoff each time it throws an error
    /// this policy calls transient, until it succeeds, `maxAttempts` runs
    /// were made, or the next run would start after the `deadline`; then
    /// the last error is thrown. `attempt` counts from 1.
    ///
    /// ```swift
    /// let rows = try await RetryPolicy(maxAttempts: 5).run { _ in try await fetchFromReplica() }
    /// ```
    public func run<Value>(_ body: (_ attempt: Int) async throws -> Value) async throws -> Value {
        let start = ContinuousClock.now
        var attempt = 1
        while true {
            do {
                return try await body(attempt)
            } catch {
                guard isTransient(error), attempt < maxAttempts, !Task.isCancelled else { throw error }
                let pause = delay(beforeRetry: attempt)
                if let deadline, ContinuousClock.now + pause - start >= deadline { throw error }
                try await Task.sleep(for: pause)
                attempt += 1
            }
        }
    }

    /// The pause before retry number `retry` (1 for the first): a random
    /// duration up to the capped exponential delay.
    ///
    /// ```swift
    /// RetryPolicy(baseDelay: .milliseconds(10)).delay(beforeRetry: 3)   // 0 … 40 ms
    /// ```
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponential = baseDelay * Int(1 << min(retry - 1, 20))
        let capped = min(exponential, maxDelay)
        let nanoseconds = capped.components.seconds * 1_000_000_000 + capped.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(nanoseconds, 0)))
    }
}
