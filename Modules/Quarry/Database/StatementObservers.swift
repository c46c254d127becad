import Synchronization

/// The observers of one ``Database``: every statement it runs — directly, in
/// a session or in a transaction — is reported to each of them.
///
/// Adding and removing are safe at any time from any task. While no
/// observer is registered, a statement pays one atomic load for this.
///
/// ```swift
/// let monitor = QueryMonitor()
/// db.observers.add(monitor)
/// …
/// db.observers.remove(monitor)
/// ```
public final class StatementObservers: Sendable {
    private let registry = ObserverRegistry<any StatementObserver>()
    private let instruments = ObserverRegistry<any DatabaseInstrument>()

    /// An empty set.
    public init() {}

    /// Starts reporting statements to `observer` (once, however often it is added).
    public func add(_ observer: any StatementObserver) {
        registry.add(observer)
    }

    /// Stops reporting statements to `observer`.
    public func remove(_ observer: any StatementObserver) {
        registry.remove(observer)
    }

    /// The observers registered now.
    public var all: [any StatementObserver] { registry.all }

    var hasObservers: Bool { registry.isActive }

    /// Starts wrapping this database's transactions, savepoints and cache
    /// reads in `instrument` (once, however often it is added).
    ///
    /// ```swift
    /// db.observers.add(instrument: tracing)
    /// ```
    public func add(instrument: any DatabaseInstrument) {
        instruments.add(instrument)
    }

    /// Stops wrapping work in `instrument`.
    public func remove(instrument: any DatabaseInstrument) {
        instruments.remove(instrument)
    }

    /// Runs `body` inside every registered instrument (the first added
    /// outermost); with none, just runs it.
    ///
    /// ```swift
    /// let rows = try await db.observers.instrumented(DatabaseWork(kind: .cacheRead(store: "memory"))) {
    ///     await cache.rows(forKey: key)
    /// }
    /// ```
    public func instrumented<Value>(
        _ work: @autoclosure () -> DatabaseWork, _ body: () async throws -> Value
    ) async throws -> Value {
        guard instruments.isActive else { return try await body() }
        let all = instruments.all
        let work = work()
        func nest(_ index: Int) async throws -> Value {
            guard index < all.count else { return try await body() }
            return try await all[index].around(work) { try await nest(index + 1) }
        }
        return try await nest(0)
    }

    func report(_ event: StatementEvent) {
        for observer in all { observer.statementDidFinish(event) }
    }
}

/// Observation scoped to a task: the statements that a block of code (and
/// its child tasks) runs on any database are reported to an observer for as
/// long as the block runs. N+1 detection per request is built on it.
///
/// ```swift
/// let (authors, events) = try await StatementObservation.collecting {
///     try await Author.query.prefetch(\.posts).all(on: db)
/// }
/// events.map(\.sql)   // the two SELECTs
/// ```
public enum StatementObservation {
    /// The innermost scope's observer and the scopes around it.
    final class Scope: Sendable {
        let observer: any StatementObserver
        let outer: Scope?

        init(observer: any StatementObserver, outer: Scope?) {
            self.observer = observer
            self.outer = outer
        }

        func report(_ event: StatementEvent) {
            var scope: Scope? = self
            while let current = scope {
                current.observer.statementDidFinish(event)
                scope = current.outer
            }
        }
    }

    @TaskLocal static var current: Scope?

    /// Runs `body`, reporting every statement it runs to `observer` (as well
    /// as to the observers of enclosing scopes and of the databases).
    ///
    /// ```swift
    /// try await StatementObservation.observing(detector) { try await handle(request) }
    /// ```
    public static func observing<Value>(
        _ observer: any StatementObserver, _ body: () async throws -> Value
    ) async rethrows -> Value {
        try await $current.withValue(Scope(observer: observer, outer: current)) { try await body() }
    }

    /// Runs `body` and returns its result with the events of every statement it ran.
    ///
    /// ```swift
    /// let (_, events) = try await StatementObservation.collecting { try await Author.get(on: db, id: 1) }
    /// #expect(events.count == 1)
    /// ```
    public static func collecting<Value>(
        _ body: () async throws -> Value
    ) async rethrows -> (value: Value, events: [StatementEvent]) {
        let collector = Collector()
        let value = try await observing(collector, body)
        return (value, collector.events)
    }

    private final class Collector: StatementObserver {
        private let collected = Mutex<[StatementEvent]>([])
        var events: [StatementEvent] { collected.withLock { $0 } }
        func statementDidFinish(_ event: StatementEvent) { collected.withLock { $0.append(event) } }
    }
}
