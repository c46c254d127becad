import ServiceLifecycle

// Redis's long-lived pieces as swift-service-lifecycle `Service`s: each runs
// until its service group shuts down gracefully (or the task is cancelled),
// then closes. List them before the services that use them, so they close
// after those drained:
//
//     let group = ServiceGroup(configuration: .init(services: [redis, bus, cache, db, app], logger: logger))

/// Waits for the group's graceful shutdown or the task's cancellation.
private func untilShutdown() async {
    try? await gracefulShutdown()
}

extension RedisClient: Service {
    /// Runs until shutdown, then closes the pool (``close()``).
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(services: [redis, app], logger: logger))
    /// ```
    public func run() async throws {
        await untilShutdown()
        await close()
    }
}

extension RedisMessageBus: Service {
    /// Runs until shutdown, then ends every subscription (``close()``).
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(services: [bus, feed, app], logger: logger))
    /// ```
    public func run() async throws {
        await untilShutdown()
        await close()
    }
}

extension DistributedCache: Service {
    /// Runs until shutdown, then closes its connections (``close()``).
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(services: [cache, app], logger: logger))
    /// ```
    public func run() async throws {
        await untilShutdown()
        await close()
    }
}

extension HybridCache: Service {
    /// Runs until shutdown, then closes its connections (``close()``).
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(services: [cache, app], logger: logger))
    /// ```
    public func run() async throws {
        await untilShutdown()
        await close()
    }
}
