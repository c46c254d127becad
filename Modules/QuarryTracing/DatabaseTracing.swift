import Quarry
import Synchronization
import Tracing

/// Traces one ``Database`` with swift-distributed-tracing, following
/// OpenTelemetry's database conventions: a `client` span per statement, an
/// `internal` span per transaction, savepoint and cache read (the
/// statements inside them are their children), and a span per pool checkout
/// that had to wait or failed. Spans nest under the caller's span — a
/// Hummingbird request span (`TracingMiddleware`) when there is one.
///
/// Statement spans carry `db.system.name`, `db.namespace`,
/// `db.operation.name`, `db.collection.name`, `db.query.text` (placeholders,
/// never bind values), `server.address`/`server.port`, and on failure the
/// error with `error.type` (the `QuarryError` case) and
/// `db.response.status_code` (SQLSTATE or SQLite's extended code).
///
/// Nothing is traced — and nothing is paid beyond one atomic load per
/// statement — until ``Quarry/Database/startTracing(with:options:)`` is
/// called; the tracer is the one bootstrapped with `InstrumentationSystem`
/// unless one is given.
///
/// ```swift
/// InstrumentationSystem.bootstrap(otelTracer)
/// let tracing = db.startTracing()
/// try await tracer.withSpan("checkout") { _ in
///     try await db.transaction { tx in try await Order.create(on: tx, order) }   // transaction → INSERT orders
/// }
/// tracing.stop()
/// ```
public final class DatabaseTracing: StatementObserver, DatabaseInstrument, PoolObserver {
    /// What is traced.
    public struct Options: Sendable {
        /// Whether statement spans carry `db.query.text` (the SQL with its
        /// placeholders; bind values are never recorded).
        public var recordsQueryText: Bool
        /// Whether every pool checkout is a span, or only those that took
        /// time (waited for a busy pool, opened a connection) or failed.
        public var tracesEveryCheckout: Bool

        /// The defaults: query text recorded, checkouts traced when they waited or failed.
        ///
        /// ```swift
        /// db.startTracing(options: .init(recordsQueryText: false))
        /// ```
        public init(recordsQueryText: Bool = true, tracesEveryCheckout: Bool = false) {
            self.recordsQueryText = recordsQueryText
            self.tracesEveryCheckout = tracesEveryCheckout
        }
    }

    private let database: Database
    private let explicitTracer: (any Tracer)?
    private let options: Options
    private let endpoint: DatabaseEndpoint
    private let isRunning = Atomic<Bool>(false)

    init(database: Database, tracer: (any Tracer)?, options: Options) {
        self.database = database
        self.explicitTracer = tracer
        self.options = options
        self.endpoint = database.driver.endpoint
    }

    /// The tracer spans go to: the one given, else the bootstrapped one.
    var tracer: any Tracer { explicitTracer ?? InstrumentationSystem.tracer }

    func start() {
        guard !isRunning.exchange(true, ordering: .acquiringAndReleasing) else { return }
        database.observers.add(self)
        database.observers.add(instrument: self)
        for pool in database.driver.pools { pool.addObserver(self) }
    }

    /// Stops tracing the database (spans already started still end).
    ///
    /// ```swift
    /// tracing.stop()
    /// ```
    public func stop() {
        guard isRunning.exchange(false, ordering: .acquiringAndReleasing) else { return }
        database.observers.remove(self)
        database.observers.remove(instrument: self)
        for pool in database.driver.pools { pool.removeObserver(self) }
    }

    // MARK: Statements

    public func statementDidFinish(_ event: StatementEvent) {
        StatementSpan(event: event, endpoint: event.endpoint ?? endpoint, recordsQueryText: options.recordsQueryText)
            .record(with: tracer)
    }

    // MARK: Transactions, savepoints, cache reads

    public func around<Value>(_ work: DatabaseWork, _ body: () async throws -> Value) async throws -> Value {
        try await WorkSpan(work: work, endpoint: work.endpoint ?? endpoint).run(with: tracer, body)
    }

    // MARK: Pool checkouts

    public func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent) {
        switch event {
        case .checkedOut(let waited) where waited > .zero || options.tracesEveryCheckout:
            CheckoutSpan(pool: pool.name, endpoint: endpoint, waited: waited, error: nil).record(with: tracer)
        case .checkoutFailed(let error, let waited):
            CheckoutSpan(pool: pool.name, endpoint: endpoint, waited: waited, error: error).record(with: tracer)
        default:
            break
        }
    }
}

extension Database {
    /// Starts tracing this database's statements, transactions, savepoints,
    /// cache reads and waiting pool checkouts (see ``DatabaseTracing``) with
    /// `tracer`, or the tracer bootstrapped with `InstrumentationSystem`.
    /// Calling it again returns a new handle; each traces until stopped.
    ///
    /// ```swift
    /// let tracing = db.startTracing()                  // InstrumentationSystem.tracer
    /// let inMemory = db.startTracing(with: InMemoryTracer())
    /// ```
    @discardableResult
    public func startTracing(with tracer: (any Tracer)? = nil, options: DatabaseTracing.Options = .init()) -> DatabaseTracing {
        let tracing = DatabaseTracing(database: self, tracer: tracer, options: options)
        tracing.start()
        return tracing
    }
}
