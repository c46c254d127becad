import Logging
import Quarry
import Synchronization

/// Finds N+1 query patterns: within one task (a request, a job, a test),
/// the same statement shape run more than `threshold` times is reported
/// once, with its count and the call site that crossed the threshold.
///
/// Quarry's answer to the pattern is `Query/prefetch(_:)`; the detector
/// tells you where it is missing. By default a report is a log warning;
/// ``Action/fail`` makes ``track(_:)`` throw ``NPlusOneError`` once the block
/// ends (for tests). Quarry's transaction control (`BEGIN`, `COMMIT`,
/// savepoints) never counts.
///
/// ```swift
/// let detector = NPlusOneDetector(threshold: 5, action: .fail)
/// try await detector.track {
///     for post in try await Post.query.all(on: db) {
///         _ = try await Author.get(on: db, id: post.authorID)   // reported: one SELECT per post
///     }
/// }
/// ```
public struct NPlusOneDetector: Sendable {
    /// What happens to a report.
    public enum Action: Sendable, Hashable {
        /// Logged at warning level (the default).
        case log
        /// Logged, and ``NPlusOneDetector/track(_:)`` throws ``NPlusOneError``
        /// after its block returned.
        case fail
    }

    /// A shape may run this many times in one block; one more is reported.
    public let threshold: Int
    /// What a report does.
    public let action: Action
    private let logger: Logger
    private let onDetection: (@Sendable (NPlusOneReport) -> Void)?

    /// Creates a detector.
    ///
    /// - Parameters:
    ///   - threshold: how many runs of one shape are fine (at least 1).
    ///   - action: log, or log and fail.
    ///   - logger: where reports are logged.
    ///   - onDetection: called with each report when the block ends.
    public init(
        threshold: Int = 10, action: Action = .log, logger: Logger = Logger(label: "quarry.nplusone"),
        onDetection: (@Sendable (NPlusOneReport) -> Void)? = nil
    ) {
        self.threshold = Swift.max(1, threshold)
        self.action = action
        self.logger = logger
        self.onDetection = onDetection
    }

    /// Runs `body`, watching the statements it (and its child tasks) runs
    /// on any database, and reports every shape that ran more than
    /// ``threshold`` times.
    ///
    /// - Throws: what `body` throws; else ``NPlusOneError`` when the action
    ///   is ``Action/fail`` and something was reported.
    public func track<Value>(_ body: () async throws -> Value) async throws -> Value {
        let (value, reports) = try await tracking(body)
        if action == .fail, !reports.isEmpty { throw NPlusOneError(reports: reports) }
        return value
    }

    /// Runs `body` and returns its result with what was reported (also
    /// logged and passed to `onDetection`), whatever the action.
    ///
    /// ```swift
    /// let (_, reports) = try await detector.tracking { try await render(page) }
    /// ```
    public func tracking<Value>(_ body: () async throws -> Value) async throws -> (
        value: Value, reports: [NPlusOneReport]
    ) {
        await CallSite.prepare()
        let scope = NPlusOneScope(threshold: threshold)
        let value = try await StatementObservation.observing(scope, body)
        let reports = await scope.reports()
        for report in reports {
            logger.warning("N+1 queries", metadata: [
                "sql": "\(report.shape.text)", "count": "\(report.count)",
                "callSite": "\(report.callSite?.description ?? "unknown")",
            ])
            onDetection?(report)
        }
        return (value, reports)
    }
}
