import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite

/// The databases a conformance case runs on: every case takes one as its
/// argument and gets a fresh, private database from it.
///
/// SQLite cases get a new file in a temporary folder (WAL, a writer and
/// readers, as in production); PostgreSQL cases get a new schema on the
/// server named by `QUARRY_POSTGRES_URL` (started by `make test`). Both are
/// removed afterwards, so cases run in parallel.
///
/// ```swift
/// @Test(arguments: TestDatabase.all)
/// func roundTrip(_ database: TestDatabase) async throws {
///     try await database.withDatabase { db in
///         try await db.execute("CREATE TABLE t (n INTEGER)")
///     }
/// }
/// ```
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    /// Every database Quarry supports.
    public static let all: [TestDatabase] = allCases

    public var description: String { rawValue }

    /// Pool settings a case may tighten (small pools, short timeouts).
    public struct Options: Sendable {
        /// Connections in the pool (PostgreSQL) or readers (SQLite).
        public var maxConnections: Int
        /// How long a checkout waits.
        public var checkoutTimeout: Duration
        /// The statement timeout (PostgreSQL's `statement_timeout`, SQLite's
        /// progress-handler deadline).
        public var statementTimeout: Duration?

        public init(maxConnections: Int = 10, checkoutTimeout: Duration = .seconds(30), statementTimeout: Duration? = nil) {
            self.maxConnections = maxConnections
            self.checkoutTimeout = checkoutTimeout
            self.statementTimeout = statementTimeout
        }
    }

    /// The PostgreSQL server the suites use.
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when
    ///   `QUARRY_POSTGRES_URL` is not set.
    public static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["QUARRY_POSTGRES_URL"], !url.isEmpty else {
            throw QuarryError.invalidArgument(
                name: "QUARRY_POSTGRES_URL",
                reason: "is not set: run `make test`, or `make services` and export the URL it prints")
        }
        return url
    }

    /// Opens a fresh database, runs `body`, then closes and removes it.
    public func withDatabase<Value>(
        _ options: Options = Options(), _ body: (Database) async throws -> Value
    ) async throws -> Value {
        switch self {
        case .sqlite: try await withSQLite(options, body)
        case .postgres: try await withPostgres(options, body)
        }
    }

    /// Opens a fresh database through two independent `Database`s (two
    /// pools, as two processes would have), runs `body`, then closes both and
    /// removes the database.
    ///
    /// ```swift
    /// try await database.withTwoDatabases { first, second in
    ///     async let a = Migrator(database: first, migrations: all).upgrade()
    ///     async let b = Migrator(database: second, migrations: all).upgrade()
    ///     _ = try await (a, b)
    /// }
    /// ```
    public func withTwoDatabases<Value>(
        _ options: Options = Options(), _ body: (Database, Database) async throws -> Value
    ) async throws -> Value {
        switch self {
        case .sqlite:
            return try await withSQLite(options) { first, open in
                let second = try await open()
                do {
                    let value = try await body(first, second)
                    await second.close()
                    return value
                } catch {
                    await second.close()
                    throw error
                }
            }
        case .postgres:
            return try await Self.postgresGate.withPermit {
                try await withPostgresSchema(options) { first, open in
                    let second = try await open()
                    do {
                        let value = try await body(first, second)
                        await second.close()
                        return value
                    } catch {
                        await second.close()
                        throw error
                    }
                }
            }
        }
    }

    private func withSQLite<Value>(_ options: Options, _ body: (Database) async throws -> Value) async throws -> Value {
        try await withSQLite(options) { db, _ in try await body(db) }
    }

    private func withSQLite<Value>(
        _ options: Options, _ body: (Database, () async throws -> Database) async throws -> Value
    ) async throws -> Value {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = SQLiteConfiguration(
            pool: PoolConfiguration(
                maxConnections: options.maxConnections, checkoutTimeout: options.checkoutTimeout, maxLifetime: nil,
                healthCheckAfterIdle: .seconds(3600)),
            statementTimeout: options.statementTimeout)
        let path = folder.appendingPathComponent("test.sqlite").path
        let open = { try await Database.sqlite(.file(path), configuration: configuration) }
        let db = try await open()
        do {
            let value = try await body(db, open)
            await db.close()
            return value
        } catch {
            await db.close()
            throw error
        }
    }

    /// At most this many PostgreSQL test schemas are open at once, so that
    /// parallel cases stay well under the server's `max_connections`.
    private static let postgresGate = AsyncGate(limit: 12)

    private func withPostgres<Value>(_ options: Options, _ body: (Database) async throws -> Value) async throws -> Value {
        try await Self.postgresGate.withPermit { try await withPostgresSchema(options) { db, _ in try await body(db) } }
    }

    private func withPostgresSchema<Value>(
        _ options: Options, _ body: (Database, () async throws -> Database) async throws -> Value
    ) async throws -> Value {
        let url = try Self.postgresURL()
        let schema = "quarry_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await Database.postgres(url: url, pool: PoolConfiguration(maxConnections: 1))
        try await admin.execute("CREATE SCHEMA \(identifier: schema)")
        do {
            let configuration = try PostgresConfiguration(
                url,
                pool: PoolConfiguration(maxConnections: options.maxConnections, checkoutTimeout: options.checkoutTimeout),
                statementTimeout: options.statementTimeout,
                settings: ["search_path": schema])
            let open = { try await Database.postgres(configuration) }
            let db = try await open()
            let value: Value
            do {
                value = try await body(db, open)
            } catch {
                await db.close()
                throw error
            }
            await db.close()
            try await admin.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await admin.close()
            return value
        } catch {
            _ = try? await admin.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await admin.close()
            throw error
        }
    }
}
