import Logging

/// What a ``Database``, ``Session`` or ``Transaction`` needs to run a
/// statement: the dialect that renders it, the logger and the observers it
/// is reported to.
struct StatementContext: Sendable {
    let dialect: any SQLDialect
    let logger: Logger
    let observers: StatementObservers
    /// The driver's ``DatabaseDriver/identity``.
    let identity: String
    /// The driver's ``DatabaseDriver/endpoint``.
    let endpoint: DatabaseEndpoint
    /// Settings every transaction applies (``Database/applying(_:)``).
    var localSettings: LocalSettings? = nil

    /// Whether a statement outside a transaction must run in one of its own,
    /// so that the local settings apply to it.
    func needsOwnTransaction() throws -> Bool {
        try localSettings?.areActive() ?? false
    }

    /// Whether anyone looks at durations: debug logging, the database's
    /// observers or a task-scoped observer.
    var isTimed: Bool {
        logger.logLevel <= .debug || observers.hasObservers || StatementObservation.current != nil
    }
}

/// Renders `sql` for the context's dialect and runs it through `perform`,
/// which runs it and passes each decoded row to the body it is given (a
/// counting wrapper of `body` when the statement is observed). Logs the SQL
/// text, the duration and the outcome at debug level, and reports the
/// statement to the observers. Bind values are never logged: they may hold
/// secrets.
func runLogged<Decoded>(
    _ sql: SQL, context: StatementContext, isCancellable: Bool = true, body: (Decoded) throws -> Void,
    _ perform: (Statement, (Decoded) throws -> Void) async throws -> Int
) async throws -> Int {
    let statement = try sql.statement(for: context.dialect, isCancellable: isCancellable)
    StatementCounter.current?.increment()
    // `perform` receives `body` itself (or a wrapper): it is called only
    // while `perform` runs, never concurrently with another use of it.
    return try await withoutActuallyEscaping(body) { body in
        guard context.isTimed else { return try await perform(statement, body) }
        var rows = 0
        let start = ContinuousClock.now
        do {
            let changed = try await perform(statement) { row in
                rows += 1
                try body(row)
            }
            finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, changed: changed)
            return changed
        } catch {
            finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, error: error)
            throw error
        }
    }
}

/// ``runLogged(_:context:isCancellable:body:_:)`` for a statement run at
/// once: `perform` returns `nil` when it did not run it, and nothing is then
/// counted, logged or observed.
func runLoggedImmediately<Decoded>(
    _ sql: SQL, context: StatementContext, body: (Decoded) throws -> Void,
    _ perform: (Statement, (Decoded) throws -> Void) throws -> Int?
) throws -> Int? {
    let statement = try sql.statement(for: context.dialect, isCancellable: true)
    // As in `runLogged`: `body` is called only while `perform` runs.
    return try withoutActuallyEscaping(body) { body in
        guard context.isTimed else {
            let changed = try perform(statement, body)
            if changed != nil { StatementCounter.current?.increment() }
            return changed
        }
        var rows = 0
        let start = ContinuousClock.now
        do {
            let changed = try perform(statement) { row in
                rows += 1
                try body(row)
            }
            guard let changed else { return nil }
            StatementCounter.current?.increment()
            finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, changed: changed)
            return changed
        } catch {
            StatementCounter.current?.increment()
            finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, error: error)
            throw error
        }
    }
}

/// Streams `sql` on `connection` (see ``QueryExecutor/stream(_:decoding:chunkSize:_:)``),
/// logged and observed like one statement whose duration is the whole stream.
func streamLogged<Decoded: RowDecodable & Sendable>(
    _ sql: SQL, on connection: any DatabaseConnection, context: StatementContext, chunkSize: Int,
    _ body: ([Decoded]) async throws -> Bool
) async throws {
    guard chunkSize > 0 else { throw QuarryError.invalidArgument(name: "chunkSize", reason: "must be positive") }
    let (text, binds) = try sql.render(for: context.dialect)
    let statement = Statement(sql: text, binds: binds, isReadOnly: sql.isReadOnly)
    StatementCounter.current?.increment()
    guard context.isTimed else {
        try await connection.stream(statement, decoding: Decoded.self, chunkSize: chunkSize, body)
        return
    }
    var rows = 0
    let start = ContinuousClock.now
    do {
        try await connection.stream(statement, decoding: Decoded.self, chunkSize: chunkSize) { chunk in
            rows += chunk.count
            return try await body(chunk)
        }
        finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, changed: 0)
    } catch {
        finished(statement, context: context, duration: ContinuousClock.now - start, rows: rows, error: error)
        throw error
    }
}

private func finished(
    _ statement: Statement, context: StatementContext, duration: Duration, rows: Int, changed: Int = 0,
    error: (any Error)? = nil
) {
    if context.logger.logLevel <= .debug {
        var metadata: Logger.Metadata = [
            "sql": "\(statement.sql)", "binds": "\(statement.binds.count)", "duration": "\(duration)",
        ]
        if let error { metadata["error"] = "\(error)" }
        context.logger.debug(error == nil ? "query" : "query failed", metadata: metadata)
    }
    let scope = StatementObservation.current
    guard scope != nil || context.observers.hasObservers else { return }
    let event = StatementEvent(
        sql: statement.sql, bindCount: statement.binds.count, isReadOnly: statement.isReadOnly,
        dialect: context.dialect.name, duration: duration, rowsReturned: rows, rowsChanged: changed, error: error,
        endpoint: context.endpoint)
    context.observers.report(event)
    scope?.report(event)
}

extension SQL {
    /// This SQL rendered for `dialect`, as the statement a connection runs.
    fileprivate func statement(for dialect: any SQLDialect, isCancellable: Bool) throws -> Statement {
        let (text, binds) = try render(for: dialect)
        return Statement(
            sql: text, binds: binds, isCancellable: isCancellable, isReadOnly: isReadOnly, writtenRow: writtenRow,
            readBack: readBack)
    }
}
