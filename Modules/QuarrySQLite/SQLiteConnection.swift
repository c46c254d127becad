import CSQLite
import Foundation
import Quarry
import Synchronization

/// One SQLite connection with its prepared-statement cache.
///
/// Statements run inline on the calling task: with the busy timeout at 0 an
/// SQLite call never waits for a lock (a busy database is retried after an
/// async sleep), so each call is bounded CPU work and pays no thread hop.
/// Stepping is synchronous; SQLite's progress handler, which runs inside
/// `sqlite3_step` in the statement's own task, stops it when that task is
/// cancelled or the statement timeout passes — no cancellation handler is
/// registered per statement.
public final class SQLiteConnection: DatabaseConnection, @unchecked Sendable {
    // @unchecked Sendable: the pool lends a connection to one task at a time,
    // and a task's steps are ordered, so `handle`, `statements`, `useCounter`
    // and `isClosed` are never touched concurrently. Cancellation reaches a
    // running statement only through `cancelFlag`'s atomics, read by the
    // progress handler on the statement's own thread.
    let handle: OpaquePointer
    private let configuration: SQLiteConfiguration
    private var statements: [String: CachedStatement] = [:]
    private var useCounter: UInt64 = 0
    private var isClosed = false
    private let broken = Atomic<Bool>(false)
    /// What SQLite's progress handler polls to stop the running statement:
    /// its task cancelled, or its timeout passed.
    private let cancelFlag = CancelFlag()
    /// Filled by SQLite's authorizer while a statement compiles (``SQLiteSessionState``).
    private let findings = SQLiteSessionState.Findings()
    /// A statement since the last reset may have left session state.
    private var sessionChanged = false
    /// Statements run since this connection last let its task yield.
    private var statementsSinceYield = 0
    /// How many statements a connection runs inside a transaction before its
    /// task yields once.
    static let statementsPerYield = 64
    /// A file database's read-write connection (its pragmas differ).
    private let isFileWriter: Bool

    private final class CancelFlag: Sendable {
        let isSet = Atomic<Bool>(false)
        /// Uptime nanoseconds after which the running statement stops; 0: none.
        let deadline = Atomic<UInt64>(0)
        /// Set when the deadline, not a cancel, stopped the statement.
        let timedOut = Atomic<Bool>(false)

        /// Set while a cancellable statement runs: the progress handler then
        /// stops it when its task is cancelled. The handler runs inside
        /// `sqlite3_step`, on the thread and in the task that called it, so
        /// `Task.isCancelled` there is the statement's own task — no
        /// cancellation handler is registered per statement.
        let watchesTask = Atomic<Bool>(false)

        /// What the progress handler answers: non-zero stops the statement.
        func shouldStop() -> Int32 {
            if isSet.load(ordering: .relaxed) { return 1 }
            if watchesTask.load(ordering: .relaxed) && Task.isCancelled {
                isSet.store(true, ordering: .relaxed)
                return 1
            }
            let deadline = deadline.load(ordering: .relaxed)
            if deadline != 0 && DispatchTime.now().uptimeNanoseconds > deadline {
                timedOut.store(true, ordering: .relaxed)
                return 1
            }
            return 0
        }
    }

    struct CachedStatement {
        let handle: OpaquePointer
        /// ``SQLiteSessionState``: decided once, when compiled.
        let changesSession: Bool
        var columnNames: [String]
        var lastUse: UInt64
    }

    /// Opens a connection. `readOnly` connections are readers of a WAL file.
    static func open(
        path: String, readOnly: Bool, configuration: SQLiteConfiguration
    ) throws -> SQLiteConnection {
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteError.make(code: code == SQLITE_OK ? SQLITE_CANTOPEN : code, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(handle, 1)
        let connection = SQLiteConnection(
            handle: handle, configuration: configuration, isFileWriter: !readOnly && path != ":memory:")
        // Every 1,000 virtual-machine instructions SQLite asks whether to stop.
        sqlite3_progress_handler(handle, 1000, { context in
            guard let context else { return 0 }
            return Unmanaged<CancelFlag>.fromOpaque(context).takeUnretainedValue().shouldStop()
        }, Unmanaged.passUnretained(connection.cancelFlag).toOpaque())
        try connection.executeDirectly("PRAGMA foreign_keys = ON")
        for register in [SQLiteAggregates.register, SQLiteIntegerArithmetic.register] {
            let registered = register(handle)
            guard registered == SQLITE_OK else { throw connection.error(code: registered, sql: nil) }
        }
        // LIKE is case-sensitive on PostgreSQL; make it so here too.
        try connection.executeDirectly("PRAGMA case_sensitive_like = ON")
        if !readOnly && path != ":memory:" {
            try connection.executeDirectly("PRAGMA journal_mode = WAL")
            // WAL + NORMAL: commits do not fsync; only checkpoints do.
            try connection.executeDirectly("PRAGMA synchronous = NORMAL")
        }
        SQLiteSessionState.observe(handle, into: connection.findings)
        return connection
    }

    private init(handle: OpaquePointer, configuration: SQLiteConfiguration, isFileWriter: Bool) {
        self.handle = handle
        self.configuration = configuration
        self.isFileWriter = isFileWriter
    }

    deinit {
        if !isClosed { releaseHandle() }
    }

    /// Finalizes the cached statements and closes the database handle.
    private func releaseHandle() {
        for statement in statements.values { sqlite3_finalize(statement.handle) }
        statements.removeAll()
        // Closing the last connection of a WAL file unmaps its shared memory.
        FileMappings.whileUnmapping { _ = sqlite3_close_v2(handle) }
    }

    public var preferredTaskExecutor: (any TaskExecutor)? { nil }

    public var isUsable: Bool { !broken.load(ordering: .relaxed) }

    public func ping() async -> Bool { isUsable }

    /// No transaction left open and no session state changed.
    public var isClean: Bool { sqlite3_get_autocommit(handle) != 0 && !sessionChanged }

    /// Rolls back a transaction left open and, when a statement of the lease
    /// may have changed the connection (`SQLiteSessionState`), restores it;
    /// `false` (the pool then closes the connection) when that fails.
    public func reset() async -> Bool {
        if sqlite3_get_autocommit(handle) == 0 {
            // A transaction was left open (a session that began one, or a
            // failed COMMIT): roll it back before anyone else gets the connection.
            do { try executeDirectly("ROLLBACK") } catch { return false }
        }
        guard sessionChanged else { return true }
        do { try restoreSession() } catch { return false }
        return true
    }

    /// Puts back the pragmas, detaches attached databases and drops
    /// temporary objects (``SQLiteSessionState``).
    private func restoreSession() throws {
        try executeDirectly(SQLiteSessionState.restorePragmas(isFileWriter: isFileWriter))
        let dialect = SQLiteDialect()
        for row in try textRows(SQLiteSessionState.attachedDatabasesSQL) {
            try executeDirectly("DETACH DATABASE " + dialect.quoteIdentifier(row[0]))
        }
        for row in try textRows(SQLiteSessionState.temporaryObjectsSQL) {
            try executeDirectly("DROP \(row[0].uppercased()) IF EXISTS temp." + dialect.quoteIdentifier(row[1]))
        }
        sessionChanged = false
    }

    /// The rows of trusted SQL, every column as text.
    private func textRows(_ sql: String) throws -> [[String]] {
        let stmt = try prepareHandle(sql, persistent: false)
        defer { sqlite3_finalize(stmt) }
        var rows: [[String]] = []
        while true {
            let code = sqlite3_step(stmt)
            guard code == SQLITE_ROW else {
                if code == SQLITE_DONE { return rows }
                throw error(code: code, sql: sql)
            }
            rows.append((0..<sqlite3_column_count(stmt)).map { sqlite3_column_text(stmt, $0).map { String(cString: $0) } ?? "" })
        }
    }

    /// Closes the file handle now (the pool calls this only for a
    /// connection nobody uses), not whenever the object happens to be freed.
    public func close() async {
        broken.store(true, ordering: .relaxed)
        guard !isClosed else { return }
        isClosed = true
        releaseHandle()
    }

    // MARK: - Running statements

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        if statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        // Statements step synchronously on the caller's thread, and a ready
        // connection is checked out without suspending: a task running
        // statement after statement would never let the other tasks of its
        // thread (the cooperative pool has two here) run. Inside a
        // transaction, which holds the connection anyway, every 64th
        // statement gives them a turn; lone statements yield in the pool,
        // before a checkout (`ConnectionPool.withConnection`), so that no
        // connection is held while the task waits for its turn.
        if sqlite3_get_autocommit(handle) == 0 {
            statementsSinceYield += 1
            if statementsSinceYield >= Self.statementsPerYield {
                statementsSinceYield = 0
                await Task.yield()
            }
        }
        if let readBack = statement.readBack, sqlite3_get_autocommit(handle) == 0 {
            return try await runReadingBack(statement, readBack, decoding: type, body)
        }
        var backoff = BusyBackoff(timeout: configuration.busyTimeout)
        while true {
            switch try stepToEnd(statement, decoding: type, body) {
            case .done(let changed): return changed
            case .busy(let code):
                // Another process holds the lock: wait without blocking a thread.
                guard try await backoff.wait() else { throw failure(code: code, sql: statement.sql) }
            }
        }
    }

    /// Runs `statement` on the calling thread unless it would have to wait:
    /// `nil`, with nothing done, when this is a transaction's turn to yield
    /// (see ``run(_:decoding:_:)``) or another process holds the lock.
    public func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        if statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        let inTransaction = sqlite3_get_autocommit(handle) == 0
        if inTransaction {
            // The turn `run` gives every 64th statement is given there.
            guard statementsSinceYield + 1 < Self.statementsPerYield else { return nil }
            statementsSinceYield += 1
        }
        if let readBack = statement.readBack, inTransaction {
            var write = statement
            write.sql = readBack.write
            write.readBack = nil
            guard case .done(let changed) = try stepToEnd(write, decoding: type, { _ in }) else { return nil }
            if changed == 1 {
                let read = Statement(sql: readBack.read, binds: readBack.binds, isCancellable: statement.isCancellable, isReadOnly: true)
                // The transaction holds the write lock now: its own read is never busy.
                if case .busy(let code) = try stepToEnd(read, decoding: type, body) { throw failure(code: code, sql: read.sql) }
            }
            return changed
        }
        guard case .done(let changed) = try stepToEnd(statement, decoding: type, body) else { return nil }
        return changed
    }

    /// Prepares (or finds cached), binds and steps `statement` to its end on
    /// the calling thread. `.busy` comes before any row was delivered, with
    /// nothing done; the statement is reset either way.
    private func stepToEnd<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> StepOutcome {
        let cached = try prepare(statement.sql)
        if cached.changesSession { sessionChanged = true }
        let stmt = cached.handle
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        try SQLiteBinder.bind(statement.binds, to: stmt, sql: statement.sql)
        let outcome = try interruptible(statement) {
            try step(stmt, statement.sql, cached.columnNames, decoding: type, body)
        }
        if case .done(let changed) = outcome, let written = statement.writtenRow, changed == 1 {
            // An insert without RETURNING: its row is what it wrote, with the new key.
            var row = written.completed(generatedKey: sqlite3_last_insert_rowid(handle))
            try body(try Decoded(row: &row))
        }
        return outcome
    }

    /// A single-row write inside a transaction, which holds the write lock
    /// (nothing else can change the row): the write without `RETURNING`,
    /// then, when it changed one row, the row read back by key — cheaper than
    /// the temporary table SQLite opens for `RETURNING` (``ReadBack``).
    private func runReadingBack<Decoded: RowDecodable>(
        _ statement: Statement, _ readBack: ReadBack, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        var write = statement
        write.sql = readBack.write
        write.readBack = nil
        let changed = try await run(write, decoding: type) { _ in }
        if changed == 1 {
            let read = Statement(sql: readBack.read, binds: readBack.binds, isCancellable: statement.isCancellable, isReadOnly: true)
            _ = try await run(read, decoding: type, body)
        }
        return changed
    }

    /// The waits before running a statement again while another process
    /// holds the database's lock: 1 ms, doubling up to 50 ms, until the busy
    /// timeout — asleep, never blocking a thread.
    private struct BusyBackoff {
        let deadline: ContinuousClock.Instant
        var pause = Duration.milliseconds(1)

        init(timeout: Duration) { deadline = .now + timeout }

        /// Waits before the next try; `false` once the busy timeout has passed.
        mutating func wait() async throws -> Bool {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
            return true
        }
    }

    /// How a synchronous run of a statement ended.
    private enum StepOutcome {
        /// Finished: the rows changed (0 for a read).
        case done(Int)
        /// Busy before any row was delivered: reset, wait and run it again.
        case busy(Int32)
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ statement: Statement, decoding type: Decoded.Type, chunkSize: Int,
        _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        if statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        // A statement of its own, not the cached one: `body` may run the same
        // SQL on this connection while the stream is open.
        let stmt = try prepareHandle(statement.sql, persistent: false)
        defer { sqlite3_finalize(stmt) }
        if findings.changesSession { sessionChanged = true }
        try SQLiteBinder.bind(statement.binds, to: stmt, sql: statement.sql)
        var columnNames = Self.columnNames(of: stmt)
        var started = false
        var finished = false
        while !finished {
            var chunk: [Decoded] = []
            var backoff = BusyBackoff(timeout: configuration.busyTimeout)
            while true {
                var busy: Int32?
                chunk = try interruptible(statement) {
                    try RowChunk.collect(capacity: chunkSize, of: Decoded.self) { slot in
                        let code = sqlite3_step(stmt)
                        switch code {
                        case SQLITE_ROW:
                            if !started && sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 1) > 0 {
                                columnNames = Self.columnNames(of: stmt)
                            }
                            started = true
                            var row = SQLiteRow(statement: stmt, columnNames: columnNames)
                            slot.initialize(to: try Decoded(row: &row))
                            return true
                        case SQLITE_DONE:
                            finished = true
                            return false
                        case _ where (code & 0xFF) == SQLITE_BUSY && !started:
                            busy = code
                            return false
                        default:
                            throw failure(code: code, sql: statement.sql)
                        }
                    }
                }
                guard let busy else { break }
                sqlite3_reset(stmt)
                guard try await backoff.wait() else { throw failure(code: busy, sql: statement.sql) }
            }
            if !chunk.isEmpty, try await !body(chunk) { return }
            if !finished && statement.isCancellable && Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        }
    }

    /// Runs `work` (stepping a statement, synchronously) so that cancelling
    /// the task interrupts it — the progress handler watches the task — and
    /// the statement timeout stops it.
    private func interruptible<Value>(_ statement: Statement, _ work: () throws -> Value) throws -> Value {
        guard statement.isCancellable else { return try work() }
        if Task.isCancelled { throw QuarryError.cancelled(sql: statement.sql) }
        cancelFlag.isSet.store(false, ordering: .relaxed)
        cancelFlag.timedOut.store(false, ordering: .relaxed)
        if let timeout = configuration.statementTimeout {
            let nanoseconds = UInt64(timeout.components.seconds) * 1_000_000_000
                + UInt64(timeout.components.attoseconds / 1_000_000_000)
            cancelFlag.deadline.store(DispatchTime.now().uptimeNanoseconds + nanoseconds, ordering: .relaxed)
        }
        cancelFlag.watchesTask.store(true, ordering: .relaxed)
        defer {
            cancelFlag.watchesTask.store(false, ordering: .relaxed)
            cancelFlag.isSet.store(false, ordering: .relaxed)
            cancelFlag.deadline.store(0, ordering: .relaxed)
        }
        return try work()
    }

    private func step<Decoded: RowDecodable>(
        _ stmt: OpaquePointer, _ sql: String, _ cachedColumnNames: [String],
        decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> StepOutcome {
        var rowsDelivered = false
        var columnNames = cachedColumnNames
        while true {
            let code = sqlite3_step(stmt)
            switch code {
            case SQLITE_ROW:
                if !rowsDelivered && sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 1) > 0 {
                    // The schema changed (say, a column added under a cached
                    // `SELECT *`) and SQLite re-prepared the statement.
                    columnNames = Self.columnNames(of: stmt)
                    statements[sql]?.columnNames = columnNames
                }
                var row = SQLiteRow(statement: stmt, columnNames: columnNames)
                try body(try Decoded(row: &row))
                rowsDelivered = true
            case SQLITE_DONE:
                return .done(sqlite3_stmt_readonly(stmt) != 0 ? 0 : Int(sqlite3_changes64(handle)))
            case _ where (code & 0xFF) == SQLITE_BUSY && !rowsDelivered:
                // Another process holds the lock: the caller waits without blocking a thread.
                return .busy(code)
            default:
                throw failure(code: code, sql: sql)
            }
        }
    }

    /// The error of a failed step: a timeout when the statement timeout
    /// interrupted it, else what SQLite reports.
    private func failure(code: Int32, sql: String) -> QuarryError {
        if (code & 0xFF) == SQLITE_INTERRUPT && cancelFlag.timedOut.load(ordering: .relaxed),
            let timeout = configuration.statementTimeout
        {
            return QuarryError.timeout(DatabaseErrorInfo(
                message: "statement timeout of \(timeout) exceeded", sqliteExtendedCode: code, sql: sql))
        }
        return error(code: code, sql: sql)
    }

    /// Whether `sql` only reads (it may then run on a reader connection).
    func isReadOnly(_ sql: String) throws -> Bool {
        sqlite3_stmt_readonly(try prepare(sql).handle) != 0
    }

    /// Runs trusted SQL without binds or rows (pragmas, `ROLLBACK`).
    func executeDirectly(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code: code, sql: sql) }
    }

    // MARK: - Statement cache

    private func prepare(_ sql: String) throws -> CachedStatement {
        useCounter += 1
        if let index = statements.index(forKey: sql) {
            // One hash of the SQL text per statement, not two.
            statements.values[index].lastUse = useCounter
            return statements.values[index]
        }
        let stmt = try prepareHandle(sql, persistent: true)
        if statements.count >= configuration.statementCacheCapacity,
            let oldest = statements.min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            sqlite3_finalize(oldest.value.handle)
            statements[oldest.key] = nil
        }
        let cached = CachedStatement(
            handle: stmt, changesSession: findings.changesSession, columnNames: Self.columnNames(of: stmt), lastUse: useCounter)
        statements[sql] = cached
        return cached
    }

    /// Compiles `sql` (exactly one statement); the caller finalizes it.
    private func prepareHandle(_ sql: String, persistent: Bool) throws -> OpaquePointer {
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        findings.changesSession = false
        let code = sql.withCString { text in
            let result = sqlite3_prepare_v3(handle, text, -1, persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &stmt, &tail)
            if result == SQLITE_OK, let tail, !Self.isBlank(tail) {
                sqlite3_finalize(stmt)
                stmt = nil
                return Int32(-1)
            }
            tail = nil
            return result
        }
        if code == -1 {
            throw QuarryError.invalidArgument(
                name: "sql", reason: "holds more than one statement; run them one at a time: \(sql)")
        }
        guard code == SQLITE_OK, let stmt else {
            if code == SQLITE_OK {
                throw QuarryError.invalidArgument(name: "sql", reason: "holds no statement")
            }
            throw error(code: code, sql: sql)
        }
        return stmt
    }

    private static func columnNames(of stmt: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(stmt)).map { String(cString: sqlite3_column_name(stmt, $0)) }
    }

    /// Whether the text after a statement is only whitespace and semicolons.
    private static func isBlank(_ text: UnsafePointer<CChar>) -> Bool {
        var pointer = text
        while pointer.pointee != 0 {
            switch UInt8(bitPattern: pointer.pointee) {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ";"):
                pointer += 1
            default:
                return false
            }
        }
        return true
    }

    func error(code: Int32, sql: String?) -> QuarryError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        // `sqlite3_step` returns the extended code; the connection's last
        // error may be newer or older, so prefer the code we were given when
        // it is already extended.
        let resolved = code > 0xFF ? code : ((extended & 0xFF) == code ? extended : code)
        let failure = SQLiteError.make(code: resolved, message: message, sql: sql)
        if case .connectionFailed = failure { broken.store(true, ordering: .relaxed) }
        return failure
    }
}
