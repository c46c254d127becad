import Logging
import Quarry
import Synchronization

/// A primary database and its read replicas behind one driver: statements
/// known to read (queries, `get`, `count`, `exists`, streams) go to a
/// replica, taken in turn; everything else — writes, raw SQL, sessions,
/// transactions — goes to the primary. Inside `Database.onPrimary(_:)`
/// every statement goes to the primary (read-your-writes).
///
/// A replica that fails with a connection error (lost, refused, its pool
/// exhausted or closed) is skipped for `recheckAfter`, and the read goes to
/// the next replica or to the primary: the caller never sees the failure.
/// After `recheckAfter` the next read tries it again, and a success brings
/// it back. Replication lag is the replicas' own: a read right after a
/// write may not see it unless it runs on the primary.
///
/// ```swift
/// let db = Database.replicated(primary: primary, replicas: [replica])
/// let authors = try await Author.query.all(on: db)        // a replica
/// try await Author.create(on: db, .init(email: "a@x.io", name: "Ada"))   // the primary
/// let fresh = try await db.onPrimary { try await Author.query.all(on: db) }
/// ```
public final class ReplicatedDriver: DatabaseDriver {
    /// The database writes go to.
    public let primary: any DatabaseDriver
    /// The databases reads go to.
    public let replicas: [any DatabaseDriver]
    /// How long a failed replica is skipped.
    public let recheckAfter: Duration
    private let logger: Logger
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    private struct State {
        var next = 0
        /// Per replica: skipped until this instant.
        var skippedUntil: [ContinuousClock.Instant?]
    }

    /// Where reads went, for monitoring and tests.
    public struct Health: Sendable, Hashable {
        /// Per replica, whether it is taking reads now.
        public var replicasInUse: [Bool]
    }

    /// Routes between `primary` and `replicas` (which must speak the same dialect).
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when a replica's
    ///   dialect differs from the primary's.
    public init(
        primary: any DatabaseDriver, replicas: [any DatabaseDriver], recheckAfter: Duration = .seconds(5),
        logger: Logger = Logger(label: "quarry.replicas"),
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws {
        for (index, replica) in replicas.enumerated() where replica.dialect.name != primary.dialect.name {
            throw QuarryError.invalidArgument(
                name: "replicas[\(index)]",
                reason: "speaks \(replica.dialect.name), the primary \(primary.dialect.name)")
        }
        self.primary = primary
        self.replicas = replicas
        self.recheckAfter = recheckAfter
        self.logger = logger
        self.clock = clock
        state = Mutex(State(skippedUntil: Array(repeating: nil, count: replicas.count)))
    }

    public var dialect: any SQLDialect { primary.dialect }
    /// The primary's: replicas serve the same rows.
    public var identity: String { primary.identity }

    /// Which replicas take reads now.
    public var health: Health {
        let now = clock()
        return state.withLock { state in
            Health(replicasInUse: state.skippedUntil.map { until in until.map { now >= $0 } ?? true })
        }
    }

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        guard statement.isReadOnly == true, !ReplicaRouting.forcesPrimary else {
            return try await primary.run(statement, decoding: type, body)
        }
        let delivery = Delivery()
        return try await onReplica(delivery, fallback: { try await primary.run(statement, decoding: type, body) }) {
            replica in
            try await replica.run(statement, decoding: type) { row in
                delivery.started = true
                try body(row)
            }
        }
    }

    /// Sessions and transactions run on the primary.
    public func withConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value {
        try await primary.withConnection(body)
    }

    /// Streams read from a replica (the primary inside `onPrimary`).
    public func withReadConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value {
        guard !ReplicaRouting.forcesPrimary else { return try await primary.withReadConnection(body) }
        let delivery = Delivery()
        return try await onReplica(delivery, fallback: { try await primary.withReadConnection(body) }) { replica in
            try await replica.withReadConnection { connection in
                delivery.started = true
                return try await body(connection)
            }
        }
    }

    public func schemaDidChange() async {
        await primary.schemaDidChange()
        for replica in replicas { await replica.schemaDidChange() }
    }

    public func shutdown() async {
        await primary.shutdown()
        for replica in replicas { await replica.shutdown() }
    }

    public var pools: [any MonitoredPool] {
        primary.pools + replicas.flatMap(\.pools)
    }

    /// Whether the caller's body started receiving a replica's work: after
    /// that, a failure cannot move to another database without repeating rows.
    /// Only the task running the statement touches it.
    private final class Delivery: @unchecked Sendable {
        var started = false
    }

    /// Runs `work` on the next healthy replica; on a connection failure
    /// before anything reached the caller, marks the replica and tries the
    /// next one, then `fallback` (the primary).
    private func onReplica<Value>(
        _ delivery: Delivery, fallback: () async throws -> Value, _ work: (any DatabaseDriver) async throws -> Value
    ) async throws -> Value {
        for index in candidates() {
            do {
                let value = try await work(replicas[index])
                markHealthy(index)
                return value
            } catch let error where Self.isUnavailability(error) {
                markFailed(index, error)
                if delivery.started { throw error }
            }
        }
        return try await fallback()
    }

    /// Healthy replicas in turn, starting after the last one used.
    private func candidates() -> [Int] {
        guard !replicas.isEmpty else { return [] }
        let now = clock()
        return state.withLock { state in
            let start = state.next
            state.next = (state.next + 1) % replicas.count
            return (0..<replicas.count).map { (start + $0) % replicas.count }.filter { index in
                state.skippedUntil[index].map { now >= $0 } ?? true
            }
        }
    }

    private func markHealthy(_ index: Int) {
        let recovered = state.withLock { state -> Bool in
            defer { state.skippedUntil[index] = nil }
            return state.skippedUntil[index] != nil
        }
        if recovered { logger.notice("replica back in use", metadata: ["replica": "\(index)"]) }
    }

    private func markFailed(_ index: Int, _ error: any Error) {
        let until = clock() + recheckAfter
        state.withLock { $0.skippedUntil[index] = until }
        logger.warning("replica skipped", metadata: [
            "replica": "\(index)", "error": "\(error)", "recheckAfter": "\(recheckAfter)",
        ])
    }

    /// Errors that say the replica cannot serve, as opposed to errors in
    /// the statement itself (which the primary would raise too).
    static func isUnavailability(_ error: any Error) -> Bool {
        switch error as? QuarryError {
        case .connectionLost?, .connectionFailed?, .poolExhausted?, .poolClosed?: true
        default: false
        }
    }
}
