import Synchronization

/// What ``ConnectionPool`` does that does not depend on its connections'
/// type: the bookkeeping, waits, health checks and monitoring, over
/// connections of any type. Kept out of the generic class so that a
/// checkout never instantiates generic metadata at run time (which cost
/// about 10,000 instructions per statement when it did).
///
/// ```swift
/// let pools: [AnyConnectionPool] = [sqliteWriter, redisPool]   // any connection type
/// for pool in pools { print(pool.name, pool.statistics.idle) }
/// ```
public class AnyConnectionPool: MonitoredPool, @unchecked Sendable {
    /// How many connections are open, idle and awaited, for monitoring and tests.
    public typealias Statistics = PoolStatistics

    struct Entry: Sendable {
        let connection: any PooledConnection
        let createdAt: ContinuousClock.Instant
        var lastUsed: ContinuousClock.Instant
        /// The pool's generation when the connection opened; see ``recycle()``.
        let generation: UInt64
    }

    /// What a waiter receives: a connection, or the right to open one.
    private enum Handoff: Sendable {
        case entry(Entry)
        case slot
    }

    private struct Waiter: Sendable {
        let id: UInt64
        let continuation: CheckedContinuation<Handoff, any Error>
        let timeoutTask: Task<Void, Never>
    }

    private struct State: Sendable {
        var idle: [Entry] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
        var generation: UInt64 = 0
    }

    private enum CheckoutAction {
        case reuse(Entry)
        case open
        case wait
        case closed
    }

    /// What the pool is for, in monitoring (`"writer"`, `"readers"`, `"postgres"`).
    public let name: String
    /// The pool's settings.
    public let configuration: PoolConfiguration
    private let openConnection: @Sendable () async throws -> any PooledConnection
    private let state = Mutex(State())
    private let observers = ObserverRegistry<any PoolObserver>()
    private let checkoutsSinceYield = Atomic<Int>(0)
    /// How many checkouts of a pool pass between two yields of the task
    /// checking out (see ``ConnectionPool/withConnection(_:)``).
    static let checkoutsPerYield = 64

    init(
        name: String, configuration: PoolConfiguration,
        openConnection: @escaping @Sendable () async throws -> any PooledConnection
    ) throws {
        try configuration.validate()
        self.name = name
        self.configuration = configuration
        self.openConnection = openConnection
    }

    /// The current counts.
    public var statistics: Statistics {
        state.withLock {
            PoolStatistics(
                open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count,
                maxConnections: configuration.maxConnections)
        }
    }

    public func addObserver(_ observer: any PoolObserver) {
        observers.add(observer)
    }

    public func removeObserver(_ observer: any PoolObserver) {
        observers.remove(observer)
    }

    private func report(_ event: @autoclosure () -> PoolEvent) {
        guard observers.isActive else { return }
        let event = event()
        for observer in observers.all { observer.pool(self, didRecord: event) }
    }

    /// Closes idle connections and refuses new checkouts; connections in use
    /// close when they are returned.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            let waiters = state.waiters
            state.waiters = []
            return (idle, waiters)
        }
        for waiter in waiters {
            waiter.timeoutTask.cancel()
            waiter.continuation.resume(throwing: QuarryError.poolClosed)
        }
        for entry in idle { await close(entry) }
    }

    /// Retires every connection open now: idle ones close at once, those in
    /// use close when they are returned, and later checkouts open new ones.
    ///
    /// Call it after a schema change. A PostgreSQL session caches plans —
    /// prepared statements and PL/pgSQL trigger functions — made against the
    /// old column types, and some of them fail once a type changed ("cached
    /// plan must not change result type"); a fresh session has none.
    ///
    /// ```swift
    /// try await migrator.upgrade()   // calls it for you
    /// await pool.recycle()
    /// ```
    public func recycle() async {
        let idle = state.withLock { state in
            state.generation &+= 1
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            return idle
        }
        // No task waits while connections sit idle, so no slot needs handing on.
        for entry in idle { await close(entry) }
    }

    // MARK: - Without suspending

    /// Whether this checkout is the pool's 64th since the last yield.
    func isDueToYield() -> Bool {
        checkoutsSinceYield.add(1, ordering: .relaxed).newValue % Self.checkoutsPerYield == 0
    }

    /// Whether the next checkout will be due to yield, without counting it.
    func isYieldDueNext() -> Bool {
        (checkoutsSinceYield.load(ordering: .relaxed) &+ 1) % Self.checkoutsPerYield == 0
    }

    /// Counts a checkout that did not yield (``isYieldDueNext()`` said so).
    func countCheckout() {
        checkoutsSinceYield.add(1, ordering: .relaxed)
    }

    /// The most recently returned idle connection when it needs nothing
    /// before use (usable, not expired, of this generation, no ping due);
    /// else `nil`, and ``checkout()`` does the rest. Observers see a
    /// checkout without a wait.
    func takeReadyIdle() -> Entry? {
        guard !Task.isCancelled else { return nil }
        let now = ContinuousClock.now
        let entry = state.withLock { state -> Entry? in
            guard !state.isClosed, let entry = state.idle.last, entry.generation == state.generation,
                !isExpired(entry, now: now), !needsPing(entry, now: now), entry.connection.isUsable
            else { return nil }
            state.idle.removeLast()
            return entry
        }
        if entry != nil { report(.checkedOut(waited: .zero)) }
        return entry
    }

    /// Puts a clean connection (``PooledConnection/isClean``) back, or hands
    /// it to the first waiter; `false` leaves it to ``release(_:)``.
    /// Observers see it checked in.
    func returnIfClean(_ entry: Entry) -> Bool {
        guard entry.connection.isUsable, entry.connection.isClean else { return false }
        let now = ContinuousClock.now
        guard !isExpired(entry, now: now) else { return false }
        var entry = entry
        entry.lastUsed = now
        guard putBack(entry) == .pooled else { return false }
        report(.checkedIn)
        return true
    }

    // MARK: - Checkout

    func checkout() async throws -> Entry {
        guard observers.isActive else { return try await checkoutEntry() }
        let start = ContinuousClock.now
        do {
            let entry = try await checkoutEntry()
            report(.checkedOut(waited: ContinuousClock.now - start))
            return entry
        } catch {
            report(.checkoutFailed(error, waited: ContinuousClock.now - start))
            throw error
        }
    }

    private func checkoutEntry() async throws -> Entry {
        if Task.isCancelled { throw QuarryError.cancelled(sql: nil) }
        while true {
            let now = ContinuousClock.now
            let (action, expired) = state.withLock { state -> (CheckoutAction, [Entry]) in
                if state.isClosed { return (.closed, []) }
                var expired: [Entry] = []
                while let entry = state.idle.popLast() {
                    if isExpired(entry, now: now) || entry.generation != state.generation || !entry.connection.isUsable {
                        state.open -= 1
                        expired.append(entry)
                        continue
                    }
                    return (.reuse(entry), expired)
                }
                if state.open < configuration.maxConnections {
                    state.open += 1
                    return (.open, expired)
                }
                return (.wait, expired)
            }
            for entry in expired { await close(entry) }
            switch action {
            case .closed:
                throw QuarryError.poolClosed
            case .reuse(let entry):
                if needsPing(entry, now: now), await !entry.connection.ping() {
                    await discard(entry)
                    continue
                }
                return entry
            case .open:
                return try await open()
            case .wait:
                switch try await waitForHandoff() {
                case .entry(let entry): return entry
                case .slot: return try await open()
                }
            }
        }
    }

    private func open() async throws -> Entry {
        do {
            let generation = state.withLock { $0.generation }
            let connection = try await openConnection()
            report(.connectionOpened)
            let now = ContinuousClock.now
            return Entry(connection: connection, createdAt: now, lastUsed: now, generation: generation)
        } catch {
            report(.connectionFailed(error))
            releaseSlot()
            throw error
        }
    }

    private func waitForHandoff() async throws -> Handoff {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = configuration.checkoutTimeout
        let maxConnections = configuration.maxConnections
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timeoutTask = Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled {
                        self.failWaiter(id, QuarryError.poolExhausted(maxConnections: maxConnections, waited: timeout))
                    }
                }
                let enqueued = state.withLock { state in
                    guard !state.isClosed else { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation, timeoutTask: timeoutTask))
                    return true
                }
                guard enqueued else {
                    timeoutTask.cancel()
                    continuation.resume(throwing: QuarryError.poolClosed)
                    return
                }
                report(.waitStarted)
                // The cancellation handler may have run before the waiter was queued.
                if Task.isCancelled { failWaiter(id, QuarryError.cancelled(sql: nil)) }
            }
        } onCancel: {
            failWaiter(id, QuarryError.cancelled(sql: nil))
        }
    }

    private func failWaiter(_ id: UInt64, _ error: QuarryError) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        waiter.timeoutTask.cancel()
        waiter.continuation.resume(throwing: error)
    }

    // MARK: - Release

    func release(_ entry: Entry) async {
        await returnToPool(entry)
        report(.checkedIn)
    }

    private func returnToPool(_ entry: Entry) async {
        let now = ContinuousClock.now
        guard entry.connection.isUsable, !isExpired(entry, now: now), await entry.connection.reset() else {
            await discard(entry)
            return
        }
        var entry = entry
        entry.lastUsed = now
        switch putBack(entry) {
        case .pooled:
            break
        case .closed:
            state.withLock { $0.open -= 1 }
            await close(entry)
        case .retired:
            await discard(entry)
        }
    }

    /// Where a returned connection went.
    private enum PutBack {
        /// Idle in the pool, or handed to the first waiter.
        case pooled
        /// Nowhere: the pool was shut down since the checkout.
        case closed
        /// Nowhere: the pool was recycled since the checkout.
        case retired
    }

    /// Puts `entry` back idle or hands it to the first waiter; a pool shut
    /// down or recycled since the checkout is left as it is, for the caller
    /// to close the connection.
    private func putBack(_ entry: Entry) -> PutBack {
        let (outcome, waiter) = state.withLock { state -> (PutBack, Waiter?) in
            if state.isClosed { return (.closed, nil) }
            if entry.generation != state.generation { return (.retired, nil) }
            if !state.waiters.isEmpty { return (.pooled, state.waiters.removeFirst()) }
            state.idle.append(entry)
            return (.pooled, nil)
        }
        if let waiter {
            waiter.timeoutTask.cancel()
            waiter.continuation.resume(returning: .entry(entry))
        }
        return outcome
    }

    private func discard(_ entry: Entry) async {
        await close(entry)
        releaseSlot()
    }

    private func close(_ entry: Entry) async {
        await entry.connection.close()
        report(.connectionClosed)
    }

    /// A connection closed: its slot goes to the first waiter, which opens a
    /// new one, or the open count drops.
    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            if !state.isClosed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        if let waiter {
            waiter.timeoutTask.cancel()
            waiter.continuation.resume(returning: .slot)
        }
    }

    private func isExpired(_ entry: Entry, now: ContinuousClock.Instant) -> Bool {
        guard let maxLifetime = configuration.maxLifetime else { return false }
        return now - entry.createdAt >= maxLifetime
    }

    private func needsPing(_ entry: Entry, now: ContinuousClock.Instant) -> Bool {
        now - entry.lastUsed >= configuration.healthCheckAfterIdle
    }
}
