import Foundation
import Quarry
import Synchronization

/// The SQLite driver: one writer connection, and for file databases a pool
/// of reader connections.
///
/// Single statements that only read go to a reader; everything else, and
/// every session and transaction, goes to the writer, which tasks wait for
/// asynchronously. WAL mode lets readers run while the writer writes. A
/// session pins the writer too: keep sessions short, or other writes wait.
///
/// Statements run inline on the calling task (no thread hop): they are
/// bounded CPU work, since lock waits are async retries. A statement that
/// scans for seconds does hold one cooperative thread for that long.
///
/// ```swift
/// let driver = try await SQLiteDriver(storage: .file("app.sqlite"))
/// let db = Database(driver: driver)        // what Database.sqlite(_:) does
/// ```
public final class SQLiteDriver: DatabaseDriver {
    public let dialect: any SQLDialect = SQLiteDialect()
    public let identity: String
    public let endpoint: DatabaseEndpoint
    /// Tells private in-memory databases apart.
    private static let memoryDatabases = Atomic<Int>(0)
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>?
    /// SQL texts known to write, so that they skip the reader check.
    private let writingStatements = Mutex(Set<String>())

    /// Opens the database (the writer connection at once, readers lazily).
    public init(storage: SQLiteConfiguration.Storage, configuration: SQLiteConfiguration = .init()) async throws {
        try configuration.validate()
        let path: String
        switch storage {
        case .memory:
            path = ":memory:"
            identity = "sqlite::memory:\(Self.memoryDatabases.add(1, ordering: .relaxed).newValue)"
            endpoint = DatabaseEndpoint(system: "sqlite")
        case .file(let file):
            guard !file.isEmpty, !file.contains("\0") else {
                throw QuarryError.invalidArgument(name: "storage", reason: "a file path must be non-empty text")
            }
            path = file
            identity = "sqlite:" + URL(fileURLWithPath: file).absoluteURL.standardizedFileURL.path
            endpoint = DatabaseEndpoint(system: "sqlite", namespace: URL(fileURLWithPath: file).absoluteURL.standardizedFileURL.path)
        }
        // One writer, with the readers' checkout timeout, lifetime and health check.
        var writerPool = configuration.pool
        writerPool.maxConnections = 1
        writer = try ConnectionPool(name: "writer", configuration: writerPool) {
            try SQLiteConnection.open(path: path, readOnly: false, configuration: configuration)
        }
        if case .file = storage {
            readers = try ConnectionPool(name: "readers", configuration: configuration.pool) {
                try SQLiteConnection.open(path: path, readOnly: true, configuration: configuration)
            }
        } else {
            readers = nil
        }
        // Open the writer now: it creates the file and turns WAL on before
        // any reader opens it, and a bad path fails here, not later.
        try await writer.withConnection { _ in }
    }

    /// The writer's pool, then the readers' (file databases only).
    public var pools: [any MonitoredPool] {
        [writer] + (readers.map { [$0] } ?? [])
    }

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        if let readers, statement.isReadOnly == true {
            return try await readers.withConnection { reader in try await reader.run(statement, decoding: type, body) }
        }
        if let readers, statement.isReadOnly == nil, !writingStatements.withLock({ $0.contains(statement.sql) }) {
            let changed: Int? = try await readers.withConnection { reader in
                guard try reader.isReadOnly(statement.sql) else { return nil }
                return try await reader.run(statement, decoding: type, body)
            }
            if let changed { return changed }
            writingStatements.withLock { known in
                // Bounded: SQL shapes vary (IN lists, insert chunks); forgetting
                // one only costs a reader checkout the next time.
                if known.count >= 1_024 { known.removeAll(keepingCapacity: true) }
                known.insert(statement.sql)
            }
        }
        return try await writer.withConnection { connection in
            try await connection.run(statement, decoding: type, body)
        }
    }

    /// Reads known to read go to a ready reader, other statements whose
    /// kind is known to the ready writer; a statement still to be classified
    /// (see ``run(_:decoding:_:)``) is left to `run`.
    public func runImmediately<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        if let readers, statement.isReadOnly == true {
            return try readers.withReadyConnection { try $0.runImmediately(statement, decoding: type, body) }
        }
        if readers != nil, statement.isReadOnly == nil, !writingStatements.withLock({ $0.contains(statement.sql) }) {
            return nil
        }
        return try writer.withReadyConnection { try $0.runImmediately(statement, decoding: type, body) }
    }

    public func withConnection<Value>(_ body: (any DatabaseConnection) async throws -> Value) async throws -> Value {
        try await writer.withConnection { connection in try await body(connection) }
    }

    /// A reader for file databases (WAL lets it read while the writer
    /// writes); the writer for a memory database.
    public func withReadConnection<Value>(_ body: (any DatabaseConnection) async throws -> Value) async throws -> Value {
        guard let readers else { return try await withConnection(body) }
        return try await readers.withConnection { connection in try await body(connection) }
    }

    /// Nothing to do: SQLite re-prepares a statement by itself when the
    /// schema changed, and closing connections would drop a memory database.
    public func schemaDidChange() async {}

    public func shutdown() async {
        await readers?.shutdown()
        await writer.shutdown()
    }
}
