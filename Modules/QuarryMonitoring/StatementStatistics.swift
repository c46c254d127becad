/// What a ``QueryMonitor`` measured for one statement shape: how often it
/// ran, how long it took, and how many rows it moved. No bind value is kept.
///
/// ```swift
/// for shape in monitor.statistics().prefix(5) {     // the most time-consuming first
///     print(shape.shape, shape.count, shape.p95, shape.max)
/// }
/// ```
public struct StatementStatistics: Sendable, Hashable {
    /// The statement's shape (placeholders normalised).
    public var shape: StatementShape
    /// How many times it ran (failures included).
    public var count: Int
    /// How many of those failed.
    public var errors: Int
    /// Rows returned, over every run.
    public var rowsReturned: Int
    /// Rows changed, over every run.
    public var rowsChanged: Int
    /// The durations of every run.
    public var durations: LatencyHistogram

    /// Time spent in it, over every run.
    public var total: Duration { durations.total }
    /// The mean duration.
    public var mean: Duration { durations.mean }
    /// The median duration.
    public var p50: Duration { durations.percentile(0.50) }
    /// The duration 95 % of runs stay under.
    public var p95: Duration { durations.percentile(0.95) }
    /// The duration 99 % of runs stay under.
    public var p99: Duration { durations.percentile(0.99) }
    /// The longest run, exact.
    public var max: Duration { durations.max }

    /// Empty statistics for `shape`.
    public init(shape: StatementShape) {
        self.shape = shape
        count = 0
        errors = 0
        rowsReturned = 0
        rowsChanged = 0
        durations = LatencyHistogram()
    }
}
