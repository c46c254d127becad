import Quarry

/// A `Database` that runs only statements known to read: what
/// `retryingReads` hands its block, so that no write is ever repeated.
///
/// ```swift
/// try await db.retryingReads { reader in try await Author.filter { $0.karma > 3 }.count(on: reader) }
/// ```
public struct ReadOnlyExecutor: QueryExecutor {
    let database: Database

    public var dialect: any SQLDialect { database.dialect }
    public var identity: String { database.identity }
    public var signals: Signals { database.signals }
    public var observers: StatementObservers { database.observers }

    public func run<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        try check(sql)
        return try await database.run(sql, decoding: type, body)
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ sql: SQL, decoding type: Decoded.Type, chunkSize: Int, _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        try check(sql)
        try await database.stream(sql, decoding: type, chunkSize: chunkSize, body)
    }

    /// Transactions write: not in a read-only block.
    public func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        throw ResilienceError.writeInReadOnlyBlock(sql: "BEGIN")
    }

    public func afterCommit(_ action: @escaping @Sendable () async -> Void) async {
        await action()
    }

    private func check(_ sql: SQL) throws {
        guard sql.isKnownReadOnly else {
            throw ResilienceError.writeInReadOnlyBlock(sql: (try? sql.render(for: dialect).text) ?? "")
        }
    }
}
