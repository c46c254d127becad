import Quarry
import Synchronization
import Tracing

/// Traces databases with swift-distributed-tracing, following
/// OpenTelemetry's database conventions: a `client` span per statement, an
/// `internal` span per transaction, savepoint and cache read (the
/// statements inside them are their children), and a span per pool checkout
/// that took time — it waited for a busy pool or opened a connection — or
/// failed. Spans nest under the caller's span — a Hummingbird request span
/// (`TracingMiddleware`) when there is one.
///
/// Statement spans carry `db.system.name`, `db.namespace`,
/// `db.operation.name`, `db.collection.name`, `db.query.text` (placeholders,
/// never bind values), `server.address`/`server.port`, and on failure the
/// error with `error.type` (the `QuarryError` case) and
/// `db.response.status_code` (SQLSTATE or SQLite's extended code).
///
/// Nothing is traced — and nothing is paid beyond one atomic load per
/// statement — until a database is attached. The tracer is the one given,
/// or the one bootstrapped with `InstrumentationSystem` when the handle is
/// created (bootstrap first): with none bootstrapped (swift-distributed-
/// tracing's `NoOpTracer`), `attach(to:)` registers nothing, so an app that
/// attaches tracing but exports nowhere pays nothing either.
///
/// ```swift
/// InstrumentationSystem.bootstrap(otelTracer)
/// let tracing = DatabaseTracing()
/// tracing.attach(to: db)
/// try await withSpan("checkout") { _ in
///     try await db.transaction { tx in try await Order.create(on: tx, order) }   // transaction → INSERT orders
/// }
/// tracing.detach(from: db)
/// ```
public final class DatabaseTracing: StatementObserver, DatabaseInstrument {
    /// What is traced.
    public struct Options: Sendable {
        /// Whether statement spans carry `db.query.text` (the SQL with its
        /// placeholders; bind values are never recorded).
        public var recordsQueryText: Bool
        /// Whether every pool checkout is a span, or only those that took
        /// time (waited for a busy pool, opened a connection) or failed.
        public var tracesEveryCheckout: Bool

        /// The defaults: query text recorded, checkouts traced when they took time or failed.
        ///
        /// ```swift
        /// let tracing = DatabaseTracing(options: .init(recordsQueryText: false))
        /// ```
        public init(recordsQueryText: Bool = true, tracesEveryCheckout: Bool = false) {
            self.recordsQueryText = recordsQueryText
            self.tracesEveryCheckout = tracesEveryCheckout
        }
    }

    /// Where spans go.
    let tracer: any Tracer
    /// Whether spans go anywhere: not to swift-distributed-tracing's no-op tracer.
    private let isExporting: Bool
    private let options: Options
    /// The pool observer of each attached database, by its identity.
    private let checkouts = Mutex<[ObjectIdentifier: CheckoutTracer]>([:])

    /// Creates a tracing handle; nothing is traced until ``attach(to:)``.
    ///
    /// - Parameters:
    ///   - tracer: where spans go; `nil`: `InstrumentationSystem.tracer`,
    ///     as bootstrapped now (read once: reading it per span costs a lock
    ///     and dynamic casts).
    ///   - options: query text and checkout spans.
    public init(tracer: (any Tracer)? = nil, options: Options = .init()) {
        let tracer = tracer ?? InstrumentationSystem.tracer
        self.tracer = tracer
        self.isExporting = !(tracer is NoOpTracer)
        self.options = options
    }

    /// Starts tracing `database`: its statements, transactions, savepoints,
    /// cache reads and slow checkouts (once, however often it is attached).
    ///
    /// ```swift
    /// DatabaseTracing(tracer: InMemoryTracer()).attach(to: db)
    /// ```
    public func attach(to database: Database) {
        guard isExporting else { return }
        database.observers.add(self)
        database.observers.add(instrument: self)
        let observer = checkouts.withLock { attached -> CheckoutTracer? in
            guard attached[ObjectIdentifier(database)] == nil else { return nil }
            let observer = CheckoutTracer(
                tracer: tracer, everyCheckout: options.tracesEveryCheckout, endpoint: database.driver.endpoint)
            attached[ObjectIdentifier(database)] = observer
            return observer
        }
        if let observer {
            for pool in database.driver.pools { pool.addObserver(observer) }
        }
    }

    /// Stops tracing `database` (spans already started still end).
    ///
    /// ```swift
    /// tracing.detach(from: db)
    /// ```
    public func detach(from database: Database) {
        database.observers.remove(self)
        database.observers.remove(instrument: self)
        if let observer = checkouts.withLock({ $0.removeValue(forKey: ObjectIdentifier(database)) }) {
            for pool in database.driver.pools { pool.removeObserver(observer) }
        }
    }

    // MARK: Statements

    public func statementDidFinish(_ event: StatementEvent) {
        StatementSpan(
            event: event, endpoint: event.endpoint ?? DatabaseEndpoint(system: event.dialect),
            recordsQueryText: options.recordsQueryText
        ).record(with: tracer)
    }

    // MARK: Transactions, savepoints, cache reads

    public func around<Value>(_ work: DatabaseWork, _ body: () async throws -> Value) async throws -> Value {
        try await WorkSpan(work: work).run(with: tracer, body)
    }

    // MARK: Pool checkouts

    /// One attached database's pools: their checkouts as spans.
    private final class CheckoutTracer: PoolObserver {
        let tracer: any Tracer
        let everyCheckout: Bool
        let endpoint: DatabaseEndpoint

        init(tracer: any Tracer, everyCheckout: Bool, endpoint: DatabaseEndpoint) {
            self.tracer = tracer
            self.everyCheckout = everyCheckout
            self.endpoint = endpoint
        }

        func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent) {
            switch event {
            case .checkedOut(let waited) where waited > .zero || everyCheckout:
                CheckoutSpan(pool: pool.name, endpoint: endpoint, waited: waited, error: nil)
                    .record(with: tracer)
            case .checkoutFailed(let error, let waited):
                CheckoutSpan(pool: pool.name, endpoint: endpoint, waited: waited, error: error)
                    .record(with: tracer)
            default:
                break
            }
        }
    }
}
