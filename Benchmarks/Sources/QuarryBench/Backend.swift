import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite
import InMemoryTracing
import QuarryTracing

/// One database under test, opened twice: through Quarry and through the raw C driver.
final class Backend {
    let name: String
    let db: Database
    let sqlite: RawSQLite?
    let postgres: RawPostgres?
    private let cleanup: () async -> Void

    private init(name: String, db: Database, sqlite: RawSQLite?, postgres: RawPostgres?, cleanup: @escaping () async -> Void) {
        self.name = name
        self.db = db
        self.sqlite = sqlite
        self.postgres = postgres
        self.cleanup = cleanup
    }

    static func sqlite() async throws -> Backend {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bench.sqlite").path
        let db = try await Database.sqlite(.file(path))
        try await createTables(db)
        return Backend(name: "SQLite", db: db, sqlite: try RawSQLite(path: path), postgres: nil) {
            await db.close()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    static func postgres(url: String) async throws -> Backend {
        let schema = "quarry_bench"
        let admin = try await Database.postgres(url: url)
        try await admin.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        try await admin.execute("CREATE SCHEMA \(identifier: schema)")
        await admin.close()
        let db = try await Database.postgres(try PostgresConfiguration(url, settings: ["search_path": schema]))
        try await createTables(db)
        let raw = try RawPostgres(url: url)
        try raw.exec("SET search_path TO \(schema)")
        return Backend(name: "PostgreSQL", db: db, sqlite: nil, postgres: raw) {
            await db.close()
            if let admin = try? await Database.postgres(url: url) {
                _ = try? await admin.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
                await admin.close()
            }
        }
    }

    /// `--traced`: every statement, transaction and checkout made a span
    /// and recorded by swift-distributed-tracing's in-memory tracer — what
    /// building spans costs, short of exporting them. (With no tracer
    /// bootstrapped, `attach(to:)` registers nothing: no cost to measure.)
    private static func traceIfAsked(_ db: Database) {
        if CommandLine.arguments.contains("--traced") { DatabaseTracing(tracer: InMemoryTracer()).attach(to: db) }
    }

    private static func createTables(_ db: Database) async throws {
        traceIfAsked(db)
        try await db.createTables(BenchUser.self, BenchParent.self, BenchChild.self)
        var stream = BenchUser.schema
        stream.name = "stream_users"
        stream.columns = stream.columns.map {
            var column = $0
            column.isUnique = false
            column.isIndexed = false
            return column
        }
        for statement in try SchemaSQL.createTable(stream, dialect: db.dialect) { try await db.execute(statement) }
    }

    func close() async { await cleanup() }

    /// Runs raw SQL on the raw connection (setup, never timed).
    func rawExec(_ sql: String) throws {
        if let sqlite { try sqlite.exec(sql) } else { try postgres!.exec(sql) }
    }

    /// Fills `users` with the 100,000-row data set (raw, untimed).
    func resetUsers(count: Int) throws {
        try rawExec("DELETE FROM users")
        guard count > 0 else { return }
        let rows = (1...count).map { Dataset.user($0) }
        if let sqlite { try sqlite.insert(rows) } else { try postgres!.insertBulk(rows) }
        // Fresh statistics, so both sides get the same plans (W5's index or scan).
        try rawExec("ANALYZE users")
    }

    /// Fills `stream_users` with `count` rows in one SQL statement (untimed).
    func fillStream(count: Int) throws {
        try rawExec("DELETE FROM stream_users")
        if sqlite != nil {
            try rawExec("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count)) \
                INSERT INTO stream_users (name, email, age, score, active, created_at) \
                SELECT 'user' || i, 'user' || i || '@example.com', 18 + i % 60, i * 0.5, i % 3 <> 0, \
                datetime(1700000000 + i, 'unixepoch') || '.000000' FROM n
                """)
        } else {
            try rawExec("""
                INSERT INTO stream_users (name, email, age, score, active, created_at) \
                SELECT 'user' || i, 'user' || i || '@example.com', 18 + i % 60, i * 0.5, i % 3 <> 0, \
                to_timestamp(1700000000 + i) FROM generate_series(1, \(count)) AS i
                """)
        }
    }

    /// The smallest user id (ids keep growing across resets).
    func firstUserID() async throws -> Int64 {
        try await db.fetchValue(Int64.self, "SELECT min(id) FROM users") ?? 1
    }
}
