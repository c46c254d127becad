import Foundation
import Logging
import Metrics
import Quarry
import Synchronization

/// Watches connection pools: connections in use and idle, waiting tasks,
/// the distribution of checkout waits, utilisation, timeouts and errors;
/// raises a saturation alert (once per episode) when utilisation reaches a
/// threshold or tasks have to wait; keeps a bounded history of samples for
/// trends; exports through swift-metrics.
///
/// A monitor is a `PoolObserver`: ``attach(to:)-(Database)`` watches every
/// pool of a database's driver (a PostgreSQL pool; SQLite's writer and readers).
///
/// ```swift
/// let pools = PoolMonitor(saturationThreshold: 0.8) { alert in log.warning("pool \(alert.pool): \(alert.kind)") }
/// pools.attach(to: db)
/// let sampling = pools.startSampling(every: .seconds(10))   // history for trends
/// …
/// for report in pools.reports() { print(report.name, report.current.utilisation, report.timeouts) }
/// sampling.cancel()
/// ```
public final class PoolMonitor: PoolObserver {
    /// Utilisation (in use ÷ maximum) from which a pool is saturated; any
    /// waiting task also means saturated. Above 1, only waiting tasks do;
    /// a pool of one connection (SQLite's writer) is saturated only by
    /// waiting tasks whatever the threshold.
    public let saturationThreshold: Double
    /// How many samples per pool the history keeps (oldest dropped first).
    public let historyLimit: Int
    /// The `database` dimension of the exported metrics.
    public let label: String

    private let logger: Logger
    private let metricsFactory: (any MetricsFactory)?
    private let onAlert: (@Sendable (PoolAlert) -> Void)?
    private let state = Mutex<[ObjectIdentifier: Watched]>([:])

    private struct Watched {
        let pool: any MonitoredPool
        var checkoutWait = LatencyHistogram()
        var checkouts = 0
        var timeouts = 0
        var checkoutErrors = 0
        var connectionFailures = 0
        var opened = 0
        var closed = 0
        var peakInUse = 0
        var isSaturated = false
        var history: [PoolSample] = []
        let metrics: PoolMetrics?
    }

    /// Creates a monitor.
    ///
    /// - Parameters:
    ///   - saturationThreshold: utilisation (0…1) from which a pool is saturated.
    ///   - historyLimit: samples kept per pool.
    ///   - label: the `database` dimension of the metrics.
    ///   - logger: where alerts are logged (warning when saturated, notice when recovered).
    ///   - metrics: the swift-metrics backend (`nil` exports nothing).
    ///   - onAlert: called when a pool becomes saturated and when it recovers.
    public init(
        saturationThreshold: Double = 0.9, historyLimit: Int = 720, label: String = "default",
        logger: Logger = Logger(label: "quarry.pool"), metrics: (any MetricsFactory)? = MetricsSystem.factory,
        onAlert: (@Sendable (PoolAlert) -> Void)? = nil
    ) {
        self.saturationThreshold = max(saturationThreshold, 0)
        self.historyLimit = max(1, historyLimit)
        self.label = label
        self.logger = logger
        self.metricsFactory = metrics
        self.onAlert = onAlert
    }

    /// Watches every pool of `database`'s driver.
    public func attach(to database: Database) {
        for pool in database.driver.pools { attach(to: pool) }
    }

    /// Watches one pool.
    public func attach(to pool: any MonitoredPool) {
        state.withLock { watched in
            let key = ObjectIdentifier(pool)
            guard watched[key] == nil else { return }
            watched[key] = Watched(
                pool: pool,
                metrics: metricsFactory.map { PoolMetrics(database: label, pool: pool.name, factory: $0) })
        }
        pool.addObserver(self)
    }

    /// Stops watching the pools of `database`.
    public func detach(from database: Database) {
        for pool in database.driver.pools {
            pool.removeObserver(self)
            _ = state.withLock { $0.removeValue(forKey: ObjectIdentifier(pool)) }
        }
    }

    public func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent) {
        let statistics = pool.statistics
        let (alert, metrics) = state.withLock { watched -> (PoolAlert?, PoolMetrics?) in
            let key = ObjectIdentifier(pool)
            guard var entry = watched[key] else { return (nil, nil) }
            switch event {
            case .checkedOut(let waited):
                entry.checkouts += 1
                entry.checkoutWait.record(waited)
            case .checkoutFailed(let error, _):
                if case .poolExhausted? = error as? QuarryError { entry.timeouts += 1 } else { entry.checkoutErrors += 1 }
            case .checkedIn, .waitStarted: break
            case .connectionOpened: entry.opened += 1
            case .connectionFailed: entry.connectionFailures += 1
            case .connectionClosed: entry.closed += 1
            }
            let alert = update(&entry, with: statistics)
            watched[key] = entry
            return (alert, entry.metrics)
        }
        if let metrics {
            metrics.inUse.set(statistics.inUse)
            metrics.idle.set(statistics.idle)
            metrics.waiting.set(statistics.waiting)
            switch event {
            case .checkedOut(let waited):
                metrics.checkoutWait.recordNanoseconds(Int64(clamping: LatencyHistogram.nanoseconds(waited)))
            case .checkoutFailed(let error, _):
                if case .poolExhausted? = error as? QuarryError { metrics.timeouts.increment() } else { metrics.errors.increment() }
            case .connectionFailed:
                metrics.errors.increment()
            case .checkedIn, .waitStarted, .connectionOpened, .connectionClosed:
                break
            }
        }
        if let alert { raise(alert) }
    }

    /// Records the counts of every watched pool now into its history (and
    /// checks saturation); ``startSampling(every:)`` calls it periodically.
    public func sample() {
        let now = Date()
        let alerts = state.withLock { watched -> [PoolAlert] in
            var alerts: [PoolAlert] = []
            for key in watched.keys {
                var entry = watched[key]!
                let statistics = entry.pool.statistics
                if entry.history.count >= historyLimit { entry.history.removeFirst(entry.history.count - historyLimit + 1) }
                entry.history.append(PoolSample(takenAt: now, statistics: statistics))
                if let alert = update(&entry, with: statistics) { alerts.append(alert) }
                watched[key] = entry
            }
            return alerts
        }
        for alert in alerts { raise(alert) }
    }

    /// Samples every `interval` until the returned task is cancelled.
    @discardableResult
    public func startSampling(every interval: Duration) -> Task<Void, Never> {
        Task { [weak self] in await self?.sampleUntilCancelled(every: interval) }
    }

    /// Samples every `interval` until the calling task is cancelled.
    func sampleUntilCancelled(every interval: Duration) async {
        while !Task.isCancelled {
            sample()
            try? await Task.sleep(for: interval)
        }
    }

    /// A report per watched pool, by name.
    public func reports() -> [PoolReport] {
        state.withLock { watched in
            watched.values.map { entry in
                PoolReport(
                    name: entry.pool.name, current: entry.pool.statistics, checkoutWait: entry.checkoutWait,
                    checkouts: entry.checkouts, timeouts: entry.timeouts, checkoutErrors: entry.checkoutErrors,
                    connectionFailures: entry.connectionFailures, opened: entry.opened, closed: entry.closed,
                    peakInUse: entry.peakInUse, isSaturated: entry.isSaturated)
            }
        }.sorted { $0.name < $1.name }
    }

    /// The report of the pool named `name`, if watched.
    public func report(for name: String) -> PoolReport? {
        reports().first { $0.name == name }
    }

    /// The samples of the pool named `name`, oldest first.
    public func history(of name: String) -> [PoolSample] {
        state.withLock { watched in watched.values.first { $0.pool.name == name }?.history ?? [] }
    }

    private func update(_ entry: inout Watched, with statistics: PoolStatistics) -> PoolAlert? {
        entry.peakInUse = max(entry.peakInUse, statistics.inUse)
        // A pool of one connection (SQLite's writer) is fully used by every
        // write: for it only waiting tasks mean saturation.
        let crowded = statistics.maxConnections > 1 && statistics.utilisation >= saturationThreshold
        let saturated = statistics.waiting > 0 || crowded
        guard saturated != entry.isSaturated else { return nil }
        entry.isSaturated = saturated
        return PoolAlert(pool: entry.pool.name, kind: saturated ? .saturated : .recovered, statistics: statistics)
    }

    private func raise(_ alert: PoolAlert) {
        let metadata: Logger.Metadata = [
            "pool": "\(alert.pool)", "inUse": "\(alert.statistics.inUse)",
            "max": "\(alert.statistics.maxConnections)", "waiting": "\(alert.statistics.waiting)",
        ]
        switch alert.kind {
        case .saturated: logger.warning("connection pool saturated", metadata: metadata)
        case .recovered: logger.notice("connection pool recovered", metadata: metadata)
        }
        onAlert?(alert)
    }
}
