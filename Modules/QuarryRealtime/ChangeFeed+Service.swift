import ServiceLifecycle

extension ChangeFeed: Service {
    /// Runs as a swift-service-lifecycle `Service`: starts listening (unless
    /// ``start()`` already did), waits until its service group shuts down
    /// gracefully (or the task is cancelled), then closes: subscriptions end.
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(services: [db, feed, app], logger: logger))
    /// try await group.run()
    /// ```
    public func run() async throws {
        if !isListening { try await start() }
        try? await gracefulShutdown()
        close()
    }
}
