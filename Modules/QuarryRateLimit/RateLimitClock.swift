import Foundation
import Synchronization

/// The time a limiter counts in: wall-clock milliseconds since the epoch,
/// so processes sharing a Redis store agree (keep their clocks in sync
/// with NTP). Tests use ``manual(_:)`` to stand exactly on a boundary.
///
/// ```swift
/// let clock = ManualRateLimitClock(now: 0)
/// let limiter = try RateLimiter(name: "t", limit: .fixedWindow(2, per: .seconds(1)),
///                               store: MemoryRateLimitStore(), clock: .manual(clock))
/// clock.advance(by: .milliseconds(999))
/// ```
public struct RateLimitClock: Sendable {
    /// Reads the time.
    public let now: @Sendable () -> Int64

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's wall clock.
    public static let system = RateLimitClock { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }

    /// A clock that moves only when told to.
    public static func manual(_ clock: ManualRateLimitClock) -> RateLimitClock {
        RateLimitClock { clock.now }
    }
}

/// A clock for tests: stands still until ``advance(by:)`` or ``set(_:)``.
///
/// ```swift
/// let clock = ManualRateLimitClock(now: 1_000)
/// clock.advance(by: .seconds(1))   // now == 2_000
/// ```
public final class ManualRateLimitClock: Sendable {
    private let milliseconds: Atomic<Int64>

    /// A clock standing at `now` milliseconds.
    public init(now: Int64 = 0) {
        milliseconds = Atomic(now)
    }

    /// The current instant in milliseconds.
    public var now: Int64 { milliseconds.load(ordering: .relaxed) }

    /// Moves the clock forward by `duration` (whole milliseconds).
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        milliseconds.add(seconds * 1_000 + attoseconds / 1_000_000_000_000_000, ordering: .relaxed)
    }

    /// Puts the clock at `milliseconds`.
    public func set(_ value: Int64) {
        milliseconds.store(value, ordering: .relaxed)
    }
}
