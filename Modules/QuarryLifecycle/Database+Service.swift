import Quarry
import ServiceLifecycle

extension Database: Service {
    /// Runs as a swift-service-lifecycle `Service`: waits until its service
    /// group shuts down gracefully (or the task is cancelled), then closes —
    /// new checkouts are refused, idle connections close at once, and
    /// connections in use close as their statements return.
    ///
    /// A group shuts its services down in reverse order, so list the
    /// database before the services that use it: the server stops taking
    /// requests and finishes those in flight, then the database closes.
    ///
    /// ```swift
    /// let group = ServiceGroup(configuration: .init(
    ///     services: [db, feed, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    /// try await group.run()
    /// ```
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
