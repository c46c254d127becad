import HTTPTypes
import Hummingbird
import Quarry
import QuarryMonitoring
import QuarryResilience

/// The JSON the health routes answer with.
public enum HealthResponses {
    /// One database's readiness.
    public struct Database: ResponseCodable, Sendable {
        public var name: String
        public var healthy: Bool
        public var latencyMilliseconds: Double
        public var problem: String?
    }

    /// `GET /health/db`.
    public struct Readiness: ResponseCodable, Sendable {
        public var ready: Bool
        public var databases: [Database]
    }

    /// One pool, in `GET /health/db/metrics`.
    public struct Pool: ResponseCodable, Sendable {
        public var name: String
        public var open: Int
        public var idle: Int
        public var inUse: Int
        public var waiting: Int
        public var maxConnections: Int
        public var utilisation: Double
        public var checkouts: Int
        public var timeouts: Int
        public var errors: Int
        public var checkoutWaitP99Milliseconds: Double
        public var saturated: Bool
    }

    /// One statement shape, in `GET /health/db/statistics`.
    public struct Statement: ResponseCodable, Sendable {
        public var shape: String
        public var count: Int
        public var errors: Int
        public var meanMilliseconds: Double
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double
    }
}

extension RouterMethods {
    /// Adds `GET /health/db`: the readiness of every database of `check`
    /// (200 when all answer, 503 otherwise) — what a load balancer or an
    /// orchestrator probes, safe to mount publicly.
    ///
    /// ```swift
    /// router.addDatabaseHealthRoutes(HealthCheck(databases: ["primary": db]))
    /// ```
    @discardableResult
    public func addDatabaseHealthRoutes(_ check: HealthCheck) -> Self {
        get("/health/db") { _, _ -> EditedResponse<HealthResponses.Readiness> in
            let reports = await check.readiness()
            let readiness = HealthResponses.Readiness(
                ready: reports.allSatisfy(\.isHealthy),
                databases: reports.map {
                    .init(name: $0.name, healthy: $0.isHealthy, latencyMilliseconds: $0.latency.milliseconds, problem: $0.problem)
                })
            return EditedResponse(status: readiness.ready ? .ok : .serviceUnavailable, response: readiness)
        }
        return self
    }

    /// Adds the diagnostics: `GET /health/db/metrics` (pools) and
    /// `GET /health/db/statistics` (the most time-consuming statement shapes,
    /// at most `topStatements`). They tell a stranger your tables, columns,
    /// traffic and pool sizes, so exposing them is your explicit choice: add
    /// them to a group that only operators reach (behind authentication, or
    /// on an internal listener), never by default.
    ///
    /// ```swift
    /// router.group("/internal").add(middleware: OperatorsOnly()).addDatabaseDiagnosticsRoutes(pools: pools, queries: queries)
    /// ```
    @discardableResult
    public func addDatabaseDiagnosticsRoutes(pools: PoolMonitor? = nil, queries: QueryMonitor? = nil, topStatements: Int = 50) -> Self {
        if let pools {
            get("/health/db/metrics") { _, _ -> [HealthResponses.Pool] in
                pools.reports().map { report in
                    HealthResponses.Pool(
                        name: report.name, open: report.current.open, idle: report.current.idle,
                        inUse: report.current.inUse, waiting: report.current.waiting,
                        maxConnections: report.current.maxConnections, utilisation: report.current.utilisation,
                        checkouts: report.checkouts, timeouts: report.timeouts,
                        errors: report.checkoutErrors + report.connectionFailures,
                        checkoutWaitP99Milliseconds: report.checkoutWait.percentile(0.99).milliseconds,
                        saturated: report.isSaturated)
                }
            }
        }
        if let queries {
            get("/health/db/statistics") { _, _ -> [HealthResponses.Statement] in
                queries.statistics().prefix(topStatements).map { shape in
                    HealthResponses.Statement(
                        shape: shape.shape.text, count: shape.count, errors: shape.errors,
                        meanMilliseconds: shape.mean.milliseconds, p50Milliseconds: shape.p50.milliseconds,
                        p95Milliseconds: shape.p95.milliseconds, p99Milliseconds: shape.p99.milliseconds,
                        maxMilliseconds: shape.max.milliseconds)
                }
            }
        }
        return self
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
}
