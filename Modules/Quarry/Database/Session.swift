import Logging
import Synchronization

/// One pinned connection, lent for the duration of ``Database/session(_:)``.
///
/// Connection state (temporary tables, `SET` parameters) lasts for the
/// session; on PostgreSQL the pool undoes it when the session ends, so the
/// next lease of the connection starts clean. Using a session after its closure returned throws
/// ``QuarryError/misuse(_:)``.
///
/// ```swift
/// let total = try await db.session { s in
///     try await s.execute("CREATE TEMP TABLE t (n INTEGER)")
///     try await s.execute("INSERT INTO t VALUES (\(1)), (\(2))")
///     return try await s.fetchValue(Int.self, "SELECT sum(n) FROM t")
/// }
/// ```
public final class Session: QueryExecutor {
    let connection: any DatabaseConnection
    let context: StatementContext
    public let signals: Signals
    private let isOpen = Mutex(true)

    public var dialect: any SQLDialect { context.dialect }

    /// The database's ``DatabaseDriver/identity``.
    public var identity: String { context.identity }

    /// The database's observers and instruments.
    public var observers: StatementObservers { context.observers }

    init(connection: any DatabaseConnection, context: StatementContext, signals: Signals) {
        self.connection = connection
        self.context = context
        self.signals = signals
    }

    /// A session runs in autocommit mode: the work is committed already.
    public func afterCommit(_ action: @escaping @Sendable () async -> Void) async {
        await action()
    }

    func end() { isOpen.withLock { $0 = false } }

    /// Refuses use after the session's closure returned.
    private func ensureOpen() throws {
        guard isOpen.withLock({ $0 }) else {
            throw QuarryError.misuse("a session was used after its closure returned")
        }
    }

    public func run<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        try ensureOpen()
        if try context.needsOwnTransaction() {
            return try await transaction { tx in try await tx.run(sql, decoding: type, body) }
        }
        return try await runLogged(sql, context: context, body: body) { statement, body in
            try await connection.run(statement, decoding: type, body)
        }
    }

    public func runImmediately<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        try ensureOpen()
        if try context.needsOwnTransaction() { return nil }
        return try runLoggedImmediately(sql, context: context, body: body) { statement, body in
            try connection.runImmediately(statement, decoding: type, body)
        }
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ sql: SQL, decoding type: Decoded.Type, chunkSize: Int, _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        try ensureOpen()
        if try context.needsOwnTransaction() {
            return try await transaction { tx in try await tx.stream(sql, decoding: type, chunkSize: chunkSize, body) }
        }
        try await streamLogged(sql, on: connection, context: context, chunkSize: chunkSize, body)
    }

    /// Runs `body` in a transaction on this session's connection.
    @discardableResult
    public func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        try ensureOpen()
        return try await context.observers.instrumented(DatabaseWork(kind: .transaction, endpoint: context.endpoint)) {
            try await Transaction.run(on: connection, context: context, signals: signals, body)
        }
    }
}
