import Metrics

/// The swift-metrics instruments of one pool (dimensions `database` and `pool`):
/// - `quarry_pool_connections_in_use`, `quarry_pool_connections_idle`,
///   `quarry_pool_waiting` (meters);
/// - `quarry_pool_checkout_wait` (timer);
/// - `quarry_pool_checkout_timeouts_total`, `quarry_pool_errors_total` (counters).
struct PoolMetrics: Sendable {
    let inUse: Meter
    let idle: Meter
    let waiting: Meter
    let checkoutWait: Timer
    let timeouts: Counter
    let errors: Counter

    init(database: String, pool: String, factory: any MetricsFactory) {
        let dimensions = [("database", database), ("pool", pool)]
        inUse = Meter(label: "quarry_pool_connections_in_use", dimensions: dimensions, factory: factory)
        idle = Meter(label: "quarry_pool_connections_idle", dimensions: dimensions, factory: factory)
        waiting = Meter(label: "quarry_pool_waiting", dimensions: dimensions, factory: factory)
        checkoutWait = Timer(label: "quarry_pool_checkout_wait", dimensions: dimensions, factory: factory)
        timeouts = Counter(label: "quarry_pool_checkout_timeouts_total", dimensions: dimensions, factory: factory)
        errors = Counter(label: "quarry_pool_errors_total", dimensions: dimensions, factory: factory)
    }
}
