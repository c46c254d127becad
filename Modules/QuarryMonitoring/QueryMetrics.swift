import Metrics

/// The swift-metrics instruments a ``QueryMonitor`` reports to, made once per
/// operation (`select`, `insert`, …) so that a statement costs no lookup in
/// the metrics backend.
///
/// Names (dimensions `database` and `operation`):
/// - `quarry_query_duration` (timer): every statement's duration;
/// - `quarry_query_rows` (recorder): rows returned plus rows changed;
/// - `quarry_query_errors_total` (counter): failed statements;
/// - `quarry_slow_queries_total` (counter): statements over the threshold.
struct QueryMetrics: Sendable {
    let duration: Timer
    let rows: Recorder
    let errors: Counter
    let slow: Counter

    init(database: String, operation: String, factory: any MetricsFactory) {
        let dimensions = [("database", database), ("operation", operation)]
        duration = Timer(label: "quarry_query_duration", dimensions: dimensions, factory: factory)
        rows = Recorder(label: "quarry_query_rows", dimensions: dimensions, factory: factory)
        errors = Counter(label: "quarry_query_errors_total", dimensions: dimensions, factory: factory)
        slow = Counter(label: "quarry_slow_queries_total", dimensions: dimensions, factory: factory)
    }
}
