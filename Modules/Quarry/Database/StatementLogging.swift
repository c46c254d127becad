import Logging

/// Renders `sql` for `dialect` and runs it through `perform`, logging the SQL
/// text, the duration and the outcome at debug level. Bind values are never
/// logged: they may hold secrets.
func runLogged(
    _ sql: SQL, dialect: any SQLDialect, logger: Logger, isCancellable: Bool = true,
    _ perform: (Statement) async throws -> Int
) async throws -> Int {
    let (text, binds) = try sql.render(for: dialect)
    let statement = Statement(sql: text, binds: binds, isCancellable: isCancellable, isReadOnly: sql.isReadOnly)
    StatementCounter.current?.increment()
    guard logger.logLevel <= .debug else { return try await perform(statement) }
    let start = ContinuousClock.now
    do {
        let changed = try await perform(statement)
        logger.debug("query", metadata: [
            "sql": "\(text)", "binds": "\(binds.count)", "duration": "\(ContinuousClock.now - start)",
        ])
        return changed
    } catch {
        logger.debug("query failed", metadata: [
            "sql": "\(text)", "binds": "\(binds.count)", "duration": "\(ContinuousClock.now - start)",
            "error": "\(error)",
        ])
        throw error
    }
}

/// Streams `sql` on `connection` (see ``QueryExecutor/stream(_:decoding:chunkSize:_:)``),
/// logged like one statement whose duration is the whole stream.
func streamLogged<Decoded: RowDecodable & Sendable>(
    _ sql: SQL, on connection: any DatabaseConnection, dialect: any SQLDialect, logger: Logger, chunkSize: Int,
    _ body: ([Decoded]) async throws -> Bool
) async throws {
    guard chunkSize > 0 else { throw QuarryError.invalidArgument(name: "chunkSize", reason: "must be positive") }
    _ = try await runLogged(sql, dialect: dialect, logger: logger) { statement in
        try await connection.stream(statement, decoding: Decoded.self, chunkSize: chunkSize, body)
        return 0
    }
}
