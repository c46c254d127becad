/// How a connection pool sizes itself and checks its connections.
///
/// ```swift
/// let pool = PoolConfiguration(maxConnections: 20, checkoutTimeout: .seconds(2))
/// ```
public struct PoolConfiguration: Sendable, Hashable {
    /// The most connections open at once.
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
        maxConnections: Int = 10,
        checkoutTimeout: Duration = .seconds(10),
        maxLifetime: Duration? = .seconds(30 * 60),
        healthCheckAfterIdle: Duration = .seconds(30)
    ) {
        self.maxConnections = maxConnections
        self.checkoutTimeout = checkoutTimeout
        self.maxLifetime = maxLifetime
        self.healthCheckAfterIdle = healthCheckAfterIdle
    }

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
