import Foundation
import Quarry

/// What a ``PoolMonitor`` knows of one pool: its counts now and what
/// happened since the monitor attached.
///
/// ```swift
/// for pool in monitor.reports() {
///     print(pool.name, pool.current.inUse, pool.checkoutWait.percentile(0.99), pool.timeouts)
/// }
/// ```
public struct PoolReport: Sendable {
    /// The pool's name (`"postgres"`, `"writer"`, `"readers"`).
    public var name: String
    /// The counts when the report was made.
    public var current: PoolStatistics
    /// How long checkouts waited for a connection.
    public var checkoutWait: LatencyHistogram
    /// Successful checkouts.
    public var checkouts: Int
    /// Checkouts that timed out (`QuarryError/poolExhausted(maxConnections:waited:)`).
    public var timeouts: Int
    /// Checkouts that failed otherwise (closed pool, cancelled, connection failure).
    public var checkoutErrors: Int
    /// Connections that could not open.
    public var connectionFailures: Int
    /// Connections opened.
    public var opened: Int
    /// Connections closed.
    public var closed: Int
    /// The highest in-use count seen.
    public var peakInUse: Int
    /// Whether the pool is saturated now (see ``PoolMonitor/saturationThreshold``).
    public var isSaturated: Bool
}

/// The counts of one pool at one moment, kept in a ``PoolMonitor``'s history.
public struct PoolSample: Sendable, Hashable {
    /// When the sample was taken.
    public var takenAt: Date
    /// The counts then.
    public var statistics: PoolStatistics
}

/// A pool became saturated, or stopped being so.
///
/// ```swift
/// let monitor = PoolMonitor(saturationThreshold: 0.8) { alert in
///     if alert.kind == .saturated { page("\(alert.pool) at \(alert.statistics.utilisation)") }
/// }
/// ```
public struct PoolAlert: Sendable, Hashable {
    /// Which way the pool crossed the threshold.
    public enum Kind: Sendable, Hashable {
        /// Utilisation reached the threshold, or tasks wait for a connection.
        case saturated
        /// Back under the threshold with nobody waiting.
        case recovered
    }

    /// The pool's name.
    public var pool: String
    /// Saturated or recovered.
    public var kind: Kind
    /// The counts that triggered the alert.
    public var statistics: PoolStatistics
}
