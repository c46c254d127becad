import ServiceLifecycle

/// A ``PoolMonitor``'s periodic sampling as a swift-service-lifecycle
/// `Service`: samples every `interval` until its service group shuts down
/// (or the task is cancelled), then stops. What ``PoolMonitor/startSampling(every:)``
/// does with a task you cancel yourself.
///
/// ```swift
/// let monitor = PoolMonitor()
/// monitor.attach(to: db)
/// let group = ServiceGroup(configuration: .init(
///     services: [db, monitor.sampling(every: .seconds(5)), app], logger: logger))
/// try await group.run()
/// ```
public struct PoolSampling: Service {
    /// The monitor sampled.
    public let monitor: PoolMonitor
    /// The time between two samples.
    public let interval: Duration

    public init(monitor: PoolMonitor, interval: Duration) {
        self.monitor = monitor
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await monitor.sampleUntilCancelled(every: interval) }
    }
}

extension PoolMonitor {
    /// Sampling every `interval`, to run in a `ServiceGroup` (see ``PoolSampling``).
    ///
    /// ```swift
    /// let sampling = monitor.sampling(every: .seconds(5))
    /// ```
    public func sampling(every interval: Duration) -> PoolSampling {
        PoolSampling(monitor: self, interval: interval)
    }
}
