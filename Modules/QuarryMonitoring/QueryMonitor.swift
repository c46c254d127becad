import Foundation
import Logging
import Metrics
import Quarry
import Synchronization

/// Measures every statement of the databases it watches: durations and row
/// counts per statement shape (count, mean, p50, p95, p99, max), slow-query
/// detection with a threshold, and export through swift-metrics. Bind values
/// are never stored.
///
/// A monitor is a `StatementObserver`: attach it to a database (it sees
/// the statements of the database, its sessions and transactions), or
/// observe one block with `StatementObservation/observing(_:_:)`.
///
/// ```swift
/// let monitor = QueryMonitor(slowQueryThreshold: .milliseconds(100)) { slow in
///     alert("slow query: \(slow.shape) took \(slow.duration)")
/// }
/// monitor.attach(to: db)
/// …
/// for shape in monitor.statistics().prefix(10) { print(shape.shape, shape.p95) }
/// ```
public final class QueryMonitor: StatementObserver {
    /// Statements at least this long are slow: logged at warning level,
    /// counted, kept in ``recentSlowQueries`` and passed to `onSlowQuery`.
    public let slowQueryThreshold: Duration
    /// At most this many shapes are told apart; later new shapes are counted
    /// under ``otherShape`` (raw SQL with literals could otherwise grow the
    /// table without bound).
    public let maxShapes: Int
    /// The `database` dimension of the exported metrics.
    public let label: String

    /// Where statements go once ``maxShapes`` shapes are tracked.
    public static let otherShape = StatementShape("(other statements)")

    private let logger: Logger
    private let metricsFactory: (any MetricsFactory)?
    private let onSlowQuery: (@Sendable (SlowQuery) -> Void)?
    private let state = Mutex(State())

    private struct State {
        var shapes: [StatementShape: StatementStatistics] = [:]
        /// SQL text → its shape, so that a repeated statement is normalised once.
        var shapeOfSQL: [String: StatementShape] = [:]
        var metrics: [String: QueryMetrics] = [:]
        var slow: [SlowQuery] = []
        var totalStatements = 0
    }

    private static let shapeCacheLimit = 4_096
    private static let slowHistory = 100

    /// Creates a monitor.
    ///
    /// - Parameters:
    ///   - slowQueryThreshold: from which duration a statement is slow.
    ///   - maxShapes: how many statement shapes to tell apart.
    ///   - label: the `database` dimension of the metrics (`"primary"`, `"analytics"`).
    ///   - logger: where slow queries are logged (warning level).
    ///   - metrics: the swift-metrics backend (`MetricsSystem.factory` by
    ///     default; `nil` exports nothing).
    ///   - onSlowQuery: called for every slow statement, on the statement's task.
    public init(
        slowQueryThreshold: Duration = .milliseconds(200), maxShapes: Int = 1_000, label: String = "default",
        logger: Logger = Logger(label: "quarry.monitor"), metrics: (any MetricsFactory)? = MetricsSystem.factory,
        onSlowQuery: (@Sendable (SlowQuery) -> Void)? = nil
    ) {
        self.slowQueryThreshold = slowQueryThreshold
        self.maxShapes = Swift.max(1, maxShapes)
        self.label = label
        self.logger = logger
        self.metricsFactory = metrics
        self.onSlowQuery = onSlowQuery
    }

    /// Starts watching every statement of `database`.
    public func attach(to database: Database) {
        database.observers.add(self)
    }

    /// Stops watching `database`.
    public func detach(from database: Database) {
        database.observers.remove(self)
    }

    public func statementDidFinish(_ event: StatementEvent) {
        let isSlow = event.duration >= slowQueryThreshold
        let (shape, metrics) = state.withLock { state -> (StatementShape, QueryMetrics?) in
            let shape = self.shape(of: event.sql, in: &state)
            state.totalStatements += 1
            state.shapes[shape, default: StatementStatistics(shape: shape)].record(event)
            return (shape, self.metrics(for: shape, in: &state))
        }
        if let metrics {
            metrics.duration.recordNanoseconds(Int64(clamping: LatencyHistogram.nanoseconds(event.duration)))
            metrics.rows.record(event.rowsReturned + event.rowsChanged)
            if event.error != nil { metrics.errors.increment() }
            if isSlow { metrics.slow.increment() }
        }
        guard isSlow else { return }
        let slow = SlowQuery(
            shape: shape, sql: event.sql, duration: event.duration, rowsReturned: event.rowsReturned,
            rowsChanged: event.rowsChanged, failed: event.error != nil, finishedAt: Date())
        state.withLock { state in
            if state.slow.count == Self.slowHistory { state.slow.removeFirst() }
            state.slow.append(slow)
        }
        logger.warning("slow query", metadata: [
            "sql": "\(shape.text)", "duration": "\(event.duration)", "rows": "\(event.rowsReturned + event.rowsChanged)",
            "threshold": "\(slowQueryThreshold)",
        ])
        onSlowQuery?(slow)
    }

    /// Statistics per shape, the shapes that took the most time first.
    public func statistics() -> [StatementStatistics] {
        state.withLock { Array($0.shapes.values) }.sorted { $0.total > $1.total }
    }

    /// Statistics of the statements whose shape is `sql`'s (`nil`: never ran).
    ///
    /// ```swift
    /// monitor.statistics(for: "SELECT * FROM authors WHERE id = ?")?.count
    /// ```
    public func statistics(for sql: String) -> StatementStatistics? {
        let shape = StatementShape(sql)
        return state.withLock { $0.shapes[shape] }
    }

    /// How many statements the monitor saw.
    public var statementCount: Int { state.withLock { $0.totalStatements } }

    /// The latest slow statements (at most 100), oldest first.
    public var recentSlowQueries: [SlowQuery] { state.withLock { $0.slow } }

    /// Forgets everything measured so far.
    public func reset() {
        state.withLock { state in
            let metrics = state.metrics
            state = State()
            state.metrics = metrics
        }
    }

    private func shape(of sql: String, in state: inout State) -> StatementShape {
        if let known = state.shapeOfSQL[sql] { return known }
        var shape = StatementShape(sql)
        if state.shapes[shape] == nil, state.shapes.count >= maxShapes { shape = Self.otherShape }
        if state.shapeOfSQL.count >= Self.shapeCacheLimit { state.shapeOfSQL.removeAll(keepingCapacity: true) }
        state.shapeOfSQL[sql] = shape
        return shape
    }

    private func metrics(for shape: StatementShape, in state: inout State) -> QueryMetrics? {
        guard let metricsFactory else { return nil }
        let operation = shape.operation
        if let known = state.metrics[operation] { return known }
        let made = QueryMetrics(database: label, operation: operation, factory: metricsFactory)
        state.metrics[operation] = made
        return made
    }
}

extension StatementStatistics {
    mutating func record(_ event: StatementEvent) {
        count += 1
        if event.error != nil { errors += 1 }
        rowsReturned += event.rowsReturned
        rowsChanged += event.rowsChanged
        durations.record(event.duration)
    }
}
