import Logging
import Synchronization

/// A transaction in progress, lent to the closure of
/// ``QueryExecutor/transaction(_:)``.
///
/// Calling ``transaction(_:)`` on it opens a savepoint: the inner closure's
/// work rolls back alone when it throws, and the outer transaction goes on.
/// Savepoints have unique names, and one transaction opens one at a time:
/// child tasks that open savepoints of the same transaction concurrently
/// take turns, and a statement another task runs on the transaction while
/// a savepoint of it is open is refused (it would land in, and roll back
/// with, someone else's savepoint). Using a transaction after its closure
/// returned throws ``QuarryError/misuse(_:)``.
///
/// ```swift
/// try await db.transaction { tx in
///     try await tx.execute("INSERT INTO logs (line) VALUES (\("kept"))")
///     try? await tx.transaction { inner in
///         try await inner.execute("INSERT INTO logs (line) VALUES (\("undone"))")
///         throw CancellationError()
///     }
/// }
/// ```
public final class Transaction: QueryExecutor {
    let connection: any DatabaseConnection
    let context: StatementContext
    public let signals: Signals
    /// 0 for the outermost transaction, 1 for its first savepoint, …
    public let depth: Int
    private let isOpen = Mutex(true)
    /// Shared by the outermost transaction and its savepoints.
    private let commitQueue: CommitQueue
    /// Shared by the outermost transaction and its savepoints: unique names.
    private let savepointNames: SavepointNames
    /// One savepoint of this transaction at a time.
    private let savepointGate = AsyncGate(limit: 1)
    private let hasOpenSavepoint = Mutex(false)

    private init(
        connection: any DatabaseConnection, context: StatementContext, signals: Signals, depth: Int,
        commitQueue: CommitQueue, savepointNames: SavepointNames
    ) {
        self.connection = connection
        self.context = context
        self.signals = signals
        self.depth = depth
        self.commitQueue = commitQueue
        self.savepointNames = savepointNames
    }

    public var dialect: any SQLDialect { context.dialect }

    /// The database's ``DatabaseDriver/identity``.
    public var identity: String { context.identity }

    /// The database's observers and instruments.
    public var observers: StatementObservers { context.observers }

    /// Queues `action` until the outermost transaction commits; a rollback
    /// (of the transaction, or of the savepoint it was queued in) drops it.
    public func afterCommit(_ action: @escaping @Sendable () async -> Void) async {
        commitQueue.append(action)
    }

    /// Queues `action` like ``afterCommit(_:)``, unless work under the same
    /// `key` is queued already in this transaction.
    func afterCommitOnce(key: String, _ action: @escaping @Sendable () async -> Void) {
        commitQueue.appendOnce(key: key, action)
    }

    /// Begins a transaction on `connection`, runs `body`, and commits or
    /// rolls back.
    static func run<Value>(
        on connection: any DatabaseConnection, context: StatementContext, signals: Signals,
        _ body: (Transaction) async throws -> Value
    ) async throws -> Value {
        let transaction = Transaction(
            connection: connection, context: context, signals: signals, depth: 0,
            commitQueue: CommitQueue(), savepointNames: SavepointNames())
        try await transaction.control(SQL(stringLiteral: context.dialect.beginTransactionSQL), isCancellable: true)
        let value: Value
        do {
            try await context.localSettings?.apply(on: transaction)
            value = try await body(transaction)
        } catch {
            transaction.end()
            try? await transaction.control("ROLLBACK")
            throw error
        }
        transaction.end()
        do {
            try await transaction.control("COMMIT")
        } catch {
            // A failed COMMIT may leave the transaction open (SQLite busy).
            try? await transaction.control("ROLLBACK")
            throw error
        }
        for action in transaction.commitQueue.drain() { await action() }
        return value
    }

    func end() { isOpen.withLock { $0 = false } }

    private func ensureOpen() throws {
        guard isOpen.withLock({ $0 }) else {
            throw QuarryError.misuse("a transaction was used after its closure returned")
        }
    }

    /// Refuses a statement from a task other than the one holding an open
    /// savepoint of this transaction.
    private func ensureUsable() throws {
        try ensureOpen()
        guard hasOpenSavepoint.withLock({ $0 }), !SavepointHolder.transactions.contains(ObjectIdentifier(self)) else { return }
        throw QuarryError.misuse(
            "a transaction was used by another task while a savepoint of it was open; run concurrent work in savepoints of its own (tx.transaction { … }) or one after another")
    }

    /// Runs Quarry's own transaction-control statement.
    private func control(_ sql: SQL, isCancellable: Bool = false) async throws {
        _ = try await runLogged(sql, context: context, isCancellable: isCancellable, body: { (_: IgnoredRow) in }) {
            statement, body in
            try await connection.run(statement, decoding: IgnoredRow.self, body)
        }
    }

    public func run<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        try ensureUsable()
        return try await runLogged(sql, context: context, body: body) { statement, body in
            try await connection.run(statement, decoding: type, body)
        }
    }

    public func runImmediately<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        try ensureUsable()
        return try runLoggedImmediately(sql, context: context, body: body) { statement, body in
            try connection.runImmediately(statement, decoding: type, body)
        }
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ sql: SQL, decoding type: Decoded.Type, chunkSize: Int, _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        try ensureUsable()
        try await streamLogged(sql, on: connection, context: context, chunkSize: chunkSize, body)
    }

    /// Runs `body` inside a savepoint of this transaction. Concurrent calls
    /// (child tasks) take turns; calling it on this transaction again from
    /// inside `body` is refused — nest through the transaction `body` gets.
    @discardableResult
    public func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        try ensureOpen()
        let me = ObjectIdentifier(self)
        let held = SavepointHolder.transactions
        guard !held.contains(me) else {
            throw QuarryError.misuse(
                "a savepoint was opened on a transaction whose savepoint this task holds; nest through the transaction the closure received")
        }
        return try await savepointGate.withPermit {
            try ensureOpen()
            hasOpenSavepoint.withLock { $0 = true }
            defer { hasOpenSavepoint.withLock { $0 = false } }
            return try await SavepointHolder.$transactions.withValue(held.union([me])) {
                try await context.observers.instrumented(
                    DatabaseWork(kind: .savepoint(depth: depth + 1), endpoint: context.endpoint)
                ) {
                    try await savepoint(body)
                }
            }
        }
    }

    private func savepoint<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        let name = savepointNames.next()
        try await control("SAVEPOINT \(identifier: name)", isCancellable: true)
        let inner = Transaction(
            connection: connection, context: context, signals: signals, depth: depth + 1,
            commitQueue: commitQueue, savepointNames: savepointNames)
        let mark = commitQueue.mark
        let value: Value
        do {
            value = try await body(inner)
        } catch {
            inner.end()
            commitQueue.rollBack(to: mark)
            try? await control("ROLLBACK TO SAVEPOINT \(identifier: name)")
            try? await control("RELEASE SAVEPOINT \(identifier: name)")
            throw error
        }
        inner.end()
        try await control("RELEASE SAVEPOINT \(identifier: name)")
        return value
    }
}

/// Unique savepoint names within one outermost transaction.
final class SavepointNames: Sendable {
    private let counter = Atomic<Int>(0)

    /// `quarry_savepoint_1`, `quarry_savepoint_2`, …
    func next() -> String {
        "quarry_savepoint_\(counter.add(1, ordering: .relaxed).newValue)"
    }
}

/// The transactions whose savepoint the current task (or a parent) holds.
enum SavepointHolder {
    @TaskLocal static var transactions: Set<ObjectIdentifier> = []
}
