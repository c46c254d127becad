/// Something that happened in a ``ConnectionPool``, as a ``PoolObserver`` sees it.
public enum PoolEvent: Sendable {
    /// A connection was lent after waiting `waited` (zero when one was idle).
    case checkedOut(waited: Duration)
    /// A checkout found every connection busy and waits for one.
    case waitStarted
    /// A lent connection came back (or, broken or expired, was closed).
    case checkedIn
    /// A checkout failed after `waited`: the pool timed out
    /// (``QuarryError/poolExhausted(maxConnections:waited:)``), was closed,
    /// the waiting task was cancelled, or a new connection could not open.
    case checkoutFailed(any Error, waited: Duration)
    /// A new connection opened.
    case connectionOpened
    /// Opening a connection failed (the server is down or refuses).
    case connectionFailed(any Error)
    /// A connection closed: broken, expired, recycled or shut down.
    case connectionClosed
}

/// How many connections a pool holds, lends and is asked for.
public struct PoolStatistics: Sendable, Hashable {
    /// Connections open now (idle or lent).
    public var open: Int
    /// Open connections waiting to be lent.
    public var idle: Int
    /// Tasks waiting for a connection.
    public var waiting: Int
    /// The pool's bound.
    public var maxConnections: Int

    /// Connections lent now.
    public var inUse: Int { open - idle }

    /// Lent connections over the bound: 1 means every connection the pool
    /// may open is busy.
    public var utilisation: Double {
        maxConnections > 0 ? Double(inUse) / Double(maxConnections) : 0
    }

    /// Counts as a pool reports them.
    ///
    /// ```swift
    /// let full = PoolStatistics(open: 10, idle: 0, waiting: 3, maxConnections: 10)
    /// full.utilisation   // 1.0
    /// ```
    public init(open: Int, idle: Int, waiting: Int, maxConnections: Int) {
        self.open = open
        self.idle = idle
        self.waiting = waiting
        self.maxConnections = maxConnections
    }
}

/// Receives what a pool does, as it happens: the seam pool monitoring plugs into.
///
/// Called on the task that checked out or returned the connection, outside
/// the pool's lock: keep it short and never block in it.
///
/// ```swift
/// final class CheckoutLog: PoolObserver {
///     func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent) {
///         if case .checkoutFailed(let error, _) = event { print(pool.name, error) }
///     }
/// }
/// for pool in db.driver.pools { pool.addObserver(CheckoutLog()) }
/// ```
public protocol PoolObserver: AnyObject, Sendable {
    /// Called once per event of `pool`.
    func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent)
}

/// A pool as monitoring sees it, whatever its connections are.
///
/// ```swift
/// for pool in db.driver.pools {
///     print(pool.name, pool.statistics.inUse, "of", pool.statistics.maxConnections)
/// }
/// ```
public protocol MonitoredPool: AnyObject, Sendable {
    /// What the pool is for, unique within its driver (`"writer"`, `"readers"`, `"postgres"`).
    var name: String { get }
    /// The counts now.
    var statistics: PoolStatistics { get }
    /// Starts reporting events to `observer` (once, however often it is added).
    func addObserver(_ observer: any PoolObserver)
    /// Stops reporting events to `observer`.
    func removeObserver(_ observer: any PoolObserver)
}
