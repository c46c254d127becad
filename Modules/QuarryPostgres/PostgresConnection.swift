import CLibPQ
import Foundation
import Quarry
import Synchronization

/// One libpq connection, living on a thread of its own.
///
/// Every libpq call that touches the network runs on the connection's
/// `DedicatedThreadExecutor`, never on the cooperative pool. A session or
/// transaction runs its whole closure there (task-executor preference), so
/// its statements call libpq inline; a lone statement pays one hop.
///
/// Statements are prepared once per connection and cached by SQL text and
/// parameter types. Results are requested in binary: for the integer,
/// float, timestamp and UUID columns that dominate ORM rows this skips text
/// parsing on the client and text formatting on the server, and doubles come
/// back bit-exact. Measured on the benchmark table (100,000 rows of
/// `users(id, name, email, age, score, active, created_at)`, raw libpq,
/// `-O`, median of 7): text 74.9 ms, binary 44.7 ms, with the text path
/// given a hand-rolled timestamp parser cheaper than a correct one.
public final class PostgresConnection: DatabaseConnection, @unchecked Sendable {
    // @unchecked Sendable: `connection`, `statements` and `nextStatementNumber`
    // are only touched on `thread` (every access goes through `thread.run`).
    // `cancelHandle` is a libpq PGcancel, documented thread-safe, used under
    // `cancelState`'s lock; the rest are immutable or atomics.
    private let thread: DedicatedThreadExecutor
    private let connection: OpaquePointer
    private let cancelHandle: OpaquePointer?
    private let cacheCapacity: Int
    private var statements: [StatementKey: PreparedStatement] = [:]
    private var nextStatementNumber = 0
    private var useCounter: UInt64 = 0
    /// Run-time parameters applied when the connection opened, and again
    /// after a lease changed the session (``PostgresSessionState``).
    private let settings: [(String, String)]
    /// A statement since the last reset may have left session state.
    private var sessionChanged = false
    private let cancelState = Mutex(CancelState())
    private let nextGeneration = Atomic<UInt64>(0)
    private let broken = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)

    private struct StatementKey: Hashable {
        let sql: String
        let types: [Oid]
    }

    private struct PreparedStatement {
        let name: String
        /// ``PostgresSessionState/changesSession(_:)``, decided once.
        let changesSession: Bool
        var columnNames: [String]?
        var columnTypes: [Oid]?
        var lastUse: UInt64
    }

    private struct CancelState {
        var running: UInt64?
        var cancelRequested: UInt64?
    }

    /// Opens a connection on a new thread and applies the configuration's
    /// settings.
    ///
    /// - Throws: `QuarryError/connectionFailed(_:)` with libpq's message.
    public static func connect(_ configuration: PostgresConfiguration, name: String = "quarry.postgres")
        async throws -> PostgresConnection
    {
        let thread = DedicatedThreadExecutor(name: name)
        let connection: OpaquePointer
        do {
            connection = try await thread.run {
                guard let connection = PQconnectdb(configuration.connectionString) else {
                    throw QuarryError.connectionFailed(DatabaseErrorInfo(message: "libpq is out of memory"))
                }
                // Server notices (NOTICE: drop cascades…) are not errors; libpq's
                // default prints them to stderr.
                PQsetNoticeProcessor(connection, { _, _ in }, nil)
                guard PQstatus(connection) == CONNECTION_OK else {
                    let message = String(cString: PQerrorMessage(connection))
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    PQfinish(connection)
                    throw QuarryError.connectionFailed(DatabaseErrorInfo(message: message))
                }
                return connection
            }
        } catch {
            thread.shutdown()
            throw error
        }
        let result = PostgresConnection(
            thread: thread, connection: connection, cacheCapacity: configuration.statementCacheCapacity,
            settings: configuration.connectionSettings)
        do {
            try await result.thread.run { try result.applySettings() }
        } catch {
            await result.close()
            throw error
        }
        return result
    }

    private init(
        thread: DedicatedThreadExecutor, connection: OpaquePointer, cacheCapacity: Int, settings: [(String, String)]
    ) {
        self.thread = thread
        self.connection = connection
        self.cancelHandle = PQgetCancel(connection)
        self.cacheCapacity = cacheCapacity
        self.settings = settings
    }

    /// Applies the configured settings for the session (`set_config(…, false)`).
    /// Runs on the connection's thread.
    private func applySettings() throws {
        for (name, value) in settings {
            let binds = try PostgresBinds([.text(name), .text(value)])
            _ = try execute("SELECT set_config($1, $2, false)", binds, generation: nil, IgnoredRow.self) { _ in }
        }
        sessionChanged = false
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            PQfinish(connection)
            thread.shutdown()
        }
        if let cancelHandle { PQfreeCancel(cancelHandle) }
    }

    public var preferredTaskExecutor: (any TaskExecutor)? { thread }

    public var isUsable: Bool { !broken.load(ordering: .relaxed) && !closed.load(ordering: .relaxed) }

    /// The server process serving this connection (`pg_backend_pid()`).
    public var backendPID: Int32 { PQbackendPID(connection) }

    public func ping() async -> Bool {
        guard isUsable else { return false }
        return (try? await thread.run { [self] in
            guard let result = PQexec(connection, "") else { return false }
            defer { PQclear(result) }
            return PQresultStatus(result) == PGRES_EMPTY_QUERY && PQstatus(connection) == CONNECTION_OK
        }) ?? false
    }

    /// Idle (no transaction left open) and no session state changed: read
    /// from libpq's connection object, which no statement is using now.
    public var isClean: Bool { isUsable && PQtransactionStatus(connection) == PQTRANS_IDLE && !sessionChanged }

    /// Rolls back a transaction left open and, when a statement of the lease
    /// may have changed the session (``PostgresSessionState``), restores it
    /// and applies the configured settings again. Runs whether or not the
    /// releasing task was cancelled; `false` (the pool then closes the
    /// connection) when any of it fails.
    public func reset() async -> Bool {
        guard isUsable else { return false }
        return (try? await thread.run { [self] in
            switch PQtransactionStatus(connection) {
            case PQTRANS_IDLE:
                break
            case PQTRANS_INTRANS, PQTRANS_INERROR:
                // A transaction was left open: roll it back before reuse.
                guard exec("ROLLBACK", expecting: PGRES_COMMAND_OK) else { return false }
            default:
                return false
            }
            guard sessionChanged else { return true }
            guard exec(PostgresSessionState.restoreSQL, expecting: PGRES_COMMAND_OK) else { return false }
            try applySettings()
            return true
        }) ?? false
    }

    /// Runs `sql` with the simple protocol; whether its last result has
    /// `status`. Runs on the connection's thread.
    private func exec(_ sql: String, expecting status: ExecStatusType) -> Bool {
        guard let result = PQexec(connection, sql) else { return false }
        defer { PQclear(result) }
        return PQresultStatus(result) == status
    }

    public func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = try? await thread.run { [self] in PQfinish(connection) }
        thread.shutdown()
    }

    // MARK: - Running statements

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        guard isUsable else {
            throw QuarryError.connectionLost(DatabaseErrorInfo(message: "the connection is closed", sql: statement.sql))
        }
        let binds = try PostgresBinds(statement.binds)
        guard statement.isCancellable else {
            return try await thread.run { try execute(statement.sql, binds, generation: nil, type, body) }
        }
        if Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        let generation = nextGeneration.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await thread.run { try execute(statement.sql, binds, generation: generation, type, body) }
        } onCancel: {
            requestCancel(generation)
        }
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ statement: Statement, decoding type: Decoded.Type, chunkSize: Int,
        _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        guard isUsable else {
            throw QuarryError.connectionLost(DatabaseErrorInfo(message: "the connection is closed", sql: statement.sql))
        }
        let binds = try PostgresBinds(statement.binds)
        if statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        let generation = nextGeneration.add(1, ordering: .relaxed).newValue
        let sql = statement.sql
        try await withTaskCancellationHandler {
            try await thread.run { try startStream(sql, binds, generation: generation) }
            var finished = false
            do {
                while !finished {
                    let (rows, done) = try await thread.run {
                        try nextChunk(sql, binds, chunkSize: chunkSize, generation: generation, type)
                    }
                    finished = done
                    if !rows.isEmpty, try await !body(rows) { break }
                    if !finished && statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: sql) }
                }
            } catch {
                if !finished { _ = try? await thread.run { abandonStream(generation: generation) } }
                throw error
            }
            if !finished { try await thread.run { abandonStream(generation: generation) } }
        } onCancel: {
            if statement.isCancellable { requestCancel(generation) }
        }
    }

    /// Sends the statement and turns on single-row mode: the server's rows
    /// then arrive one result at a time, read as the stream asks for them.
    /// Runs on the connection's thread.
    private func startStream(_ sql: String, _ binds: PostgresBinds, generation: UInt64) throws {
        cancelState.withLock { $0.running = generation }
        let prepared: PreparedStatement
        do {
            prepared = try prepare(StatementKey(sql: sql, types: binds.types))
        } catch {
            cancelState.withLock { $0.running = nil }
            throw error
        }
        if prepared.changesSession { sessionChanged = true }
        let sent = binds.withValuePointers { values in
            PQsendQueryPrepared(connection, prepared.name, Int32(binds.count), values, binds.lengths, binds.formats, 1)
        }
        guard sent == 1 else {
            cancelState.withLock { $0.running = nil }
            throw failure(result: nil, sql: sql, generation: generation)
        }
        PQsetSingleRowMode(connection)
    }

    /// Reads up to `chunkSize` rows; `done` once the last result was read.
    /// Runs on the connection's thread.
    private func nextChunk<Decoded: RowDecodable>(
        _ sql: String, _ binds: PostgresBinds, chunkSize: Int, generation: UInt64, _ type: Decoded.Type
    ) throws -> (rows: [Decoded], done: Bool) {
        let key = StatementKey(sql: sql, types: binds.types)
        // Looked up once per chunk, not per row (the key hashes the SQL text).
        var names = statements[key]?.columnNames
        var types = statements[key]?.columnTypes
        var done = false
        let rows = try RowChunk.collect(capacity: chunkSize, of: Decoded.self) { slot in
            while true {
                guard let result = PQgetResult(connection) else {
                    cancelState.withLock { $0.running = nil }
                    done = true
                    return false
                }
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_SINGLE_TUPLE:
                    if names == nil || types == nil {
                        let count = PQnfields(result)
                        names = (0..<count).map { String(cString: PQfname(result, $0)) }
                        types = (0..<count).map { PQftype(result, $0) }
                        statements[key]?.columnNames = names
                        statements[key]?.columnTypes = types
                    }
                    var decoder = PostgresRow(result: result, row: 0, columnNames: names!, columnTypes: types!)
                    slot.initialize(to: try Decoded(row: &decoder))
                    return true
                case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                    continue
                default:
                    let error = failure(result: result, sql: sql, generation: generation)
                    drainResults()
                    cancelState.withLock { $0.running = nil }
                    throw error
                }
            }
        }
        return (rows, done)
    }

    /// Stops a stream early: asks the server to cancel, and reads what is
    /// left so the connection is ready for the next statement. Runs on the
    /// connection's thread (`PQcancel` waits on the network).
    private func abandonStream(generation: UInt64) {
        cancelState.withLock { state in
            state.cancelRequested = generation
            if let cancelHandle {
                var message = [CChar](repeating: 0, count: 256)
                _ = PQcancel(cancelHandle, &message, Int32(message.count))
            }
        }
        drainResults()
        cancelState.withLock { $0.running = nil }
    }

    private func drainResults() {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    /// Asks the server to cancel the statement `generation` while it still runs.
    ///
    /// `PQcancel` opens a network connection, so it runs on a thread of its
    /// own: not on the cooperative pool, and not on Dispatch's global queues,
    /// which on Linux share the pool's threads. A cancel request that reaches
    /// the server before the statement does is ignored by the server, so the
    /// request repeats, backing off, until the statement has ended.
    private func requestCancel(_ generation: UInt64) {
        Thread.detachNewThread { [self] in
            var pause: UInt32 = 10_000
            while true {
                let sent = cancelState.withLock { state -> Bool in
                    guard state.running == generation, let cancelHandle else { return false }
                    state.cancelRequested = generation
                    var message = [CChar](repeating: 0, count: 256)
                    _ = PQcancel(cancelHandle, &message, Int32(message.count))
                    return true
                }
                guard sent else { return }
                usleep(pause)
                pause = min(pause * 2, 500_000)
            }
        }
    }

    /// Runs on the connection's thread.
    private func execute<Decoded: RowDecodable>(
        _ sql: String, _ binds: PostgresBinds, generation: UInt64?, _ type: Decoded.Type,
        _ body: (Decoded) throws -> Void
    ) throws -> Int {
        if let generation {
            cancelState.withLock { $0.running = generation }
        }
        defer {
            if generation != nil { cancelState.withLock { $0.running = nil } }
        }
        // Cancellation that arrived before `running` was set found nothing to cancel.
        if generation != nil && Task.isCancelled { throw QuarryError.cancelled(sql: sql) }

        let key = StatementKey(sql: sql, types: binds.types)
        var prepared = try prepare(key)
        if prepared.changesSession { sessionChanged = true }
        let result = binds.withValuePointers { values in
            PQexecPrepared(connection, prepared.name, Int32(binds.count), values, binds.lengths, binds.formats, 1)
        }
        guard let result else { throw failure(result: nil, sql: sql, generation: generation) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK:
            if prepared.columnNames == nil {
                let count = PQnfields(result)
                prepared.columnNames = (0..<count).map { String(cString: PQfname(result, $0)) }
                prepared.columnTypes = (0..<count).map { PQftype(result, $0) }
                statements[key] = prepared
            }
            let names = prepared.columnNames!
            let types = prepared.columnTypes!
            for row in 0..<PQntuples(result) {
                var decoder = PostgresRow(result: result, row: row, columnNames: names, columnTypes: types)
                try body(try Decoded(row: &decoder))
            }
            return 0
        case PGRES_COMMAND_OK:
            return Int(String(cString: PQcmdTuples(result))) ?? 0
        case PGRES_EMPTY_QUERY:
            return 0
        default:
            throw failure(result: result, sql: sql, generation: generation)
        }
    }

    private func prepare(_ key: StatementKey) throws -> PreparedStatement {
        useCounter += 1
        if statements[key] != nil {
            statements[key]!.lastUse = useCounter
            return statements[key]!
        }
        if statements.count >= cacheCapacity, let oldest = statements.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            statements[oldest.key] = nil
            if let result = PQexec(connection, "DEALLOCATE \(oldest.value.name)") { PQclear(result) }
        }
        nextStatementNumber += 1
        let name = "quarry_\(nextStatementNumber)"
        let result = PQprepare(connection, name, key.sql, Int32(key.types.count), key.types)
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw failure(result: result, sql: key.sql, generation: nil)
        }
        // The server counts the placeholders; a call with another number of
        // values is the caller's mistake, reported like SQLite reports it.
        // libpq (before 16) drops the connection on a parameter description
        // over 30,000 bytes, so statements with that many binds (Quarry's
        // own IN lists) skip the check.
        guard key.types.count <= Self.describableBindCount else {
            let prepared = PreparedStatement(
                name: name, changesSession: PostgresSessionState.changesSession(key.sql), lastUse: useCounter)
            statements[key] = prepared
            return prepared
        }
        let description = PQdescribePrepared(connection, name)
        defer { PQclear(description) }
        guard let description, PQresultStatus(description) == PGRES_COMMAND_OK else {
            throw failure(result: description, sql: key.sql, generation: nil)
        }
        let expected = Int(PQnparams(description))
        guard expected == key.types.count else {
            if let result = PQexec(connection, "DEALLOCATE \(name)") { PQclear(result) }
            throw QuarryError.invalidArgument(
                name: "binds",
                reason: "the statement has \(expected) placeholders but \(key.types.count) values were given")
        }
        let prepared = PreparedStatement(
            name: name, changesSession: PostgresSessionState.changesSession(key.sql), lastUse: useCounter)
        statements[key] = prepared
        return prepared
    }

    /// The most binds whose parameter description libpq 15 accepts (4 bytes each).
    static let describableBindCount = 7_000

    private func failure(result: OpaquePointer?, sql: String, generation: UInt64?) -> QuarryError {
        let cancelRequested = generation != nil && cancelState.withLock { $0.cancelRequested == generation }
        let error = PostgresError.make(
            result: result, connection: connection, sql: sql, cancelRequested: cancelRequested)
        if case .connectionLost = error { broken.store(true, ordering: .relaxed) }
        return error
    }
}
