import Foundation

/// How a connection pool sizes itself and checks its connections.
///
/// ```swift
/// let pool = PoolConfiguration(maxConnections: 20, checkoutTimeout: .seconds(2))
/// ```
public struct PoolConfiguration: Sendable, Hashable {
    /// The most connections open at once; by default
    /// ``defaultMaxConnections`` (twice the CPUs, at least 4).
    public var maxConnections: Int
    /// How long a checkout waits for a free connection before throwing
    /// ``QuarryError/poolExhausted(maxConnections:waited:)``.
    public var checkoutTimeout: Duration
    /// Connections older than this are closed instead of reused; `nil` keeps
    /// them forever.
    public var maxLifetime: Duration?
    /// A connection idle for longer than this is pinged on checkout and
    /// replaced if the server does not answer; `.zero` pings every checkout.
    public var healthCheckAfterIdle: Duration

    /// Creates a pool configuration.
    ///
    /// - Precondition-free: invalid values are reported by ``validate()``.
    public init(
        maxConnections: Int = PoolConfiguration.defaultMaxConnections,
        checkoutTimeout: Duration = .seconds(10),
        maxLifetime: Duration? = .seconds(30 * 60),
        healthCheckAfterIdle: Duration = .seconds(30)
    ) {
        self.maxConnections = maxConnections
        self.checkoutTimeout = checkoutTimeout
        self.maxLifetime = maxLifetime
        self.healthCheckAfterIdle = healthCheckAfterIdle
    }

    /// Twice the CPUs (Foundation's `activeProcessorCount`), at least 4:
    /// each PostgreSQL connection has a thread of its own (its network
    /// waits stay off the cooperative pool) and a server backend, and more
    /// of them than the CPUs can keep busy only queue for those CPUs —
    /// measured with `make bench-http` on one pinned CPU, ten connections
    /// put the p99 of a single-row route at 580–870 ms, four at 8–17 ms.
    /// A pool that mostly waits on a distant server wants more: say so with
    /// `maxConnections`.
    ///
    /// ```swift
    /// PoolConfiguration.defaultMaxConnections   // 4 on a 2-CPU machine, 16 on 8
    /// ```
    public static let defaultMaxConnections = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// Throws ``QuarryError/invalidArgument(name:reason:)`` naming the first
    /// setting out of range.
    public func validate() throws {
        if maxConnections < 1 {
            throw QuarryError.invalidArgument(name: "maxConnections", reason: "must be at least 1, got \(maxConnections)")
        }
        if checkoutTimeout <= .zero {
            throw QuarryError.invalidArgument(name: "checkoutTimeout", reason: "must be positive, got \(checkoutTimeout)")
        }
        if let maxLifetime, maxLifetime <= .zero {
            throw QuarryError.invalidArgument(name: "maxLifetime", reason: "must be positive, got \(maxLifetime)")
        }
        if healthCheckAfterIdle < .zero {
            throw QuarryError.invalidArgument(name: "healthCheckAfterIdle", reason: "must not be negative")
        }
    }
}
