import Foundation
import Quarry
import QuarrySQLite
import Testing

/// A fresh temporary folder, removed after `body`.
private func withTemporaryFolder<Value>(_ body: (URL) async throws -> Value) async throws -> Value {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

@Suite("SQLite driver")
struct SQLiteDatabaseTests {
    @Test("an in-memory database is private to its Database")
    func memoryIsPrivate() async throws {
        let first = try await Database.sqlite(.memory)
        let second = try await Database.sqlite(.memory)
        try await first.execute("CREATE TABLE only_here (n INTEGER)")
        await #expect(throws: QuarryError.self) {
            try await second.execute("SELECT * FROM only_here")
        }
        await first.close()
        await second.close()
    }

    @Test("a file database runs in WAL mode with foreign keys on")
    func filePragmas() async throws {
        try await withTemporaryFolder { folder in
            let db = try await Database.sqlite(.file(folder.appendingPathComponent("app.sqlite").path))
            #expect(try await db.fetchValue(String.self, "PRAGMA journal_mode") == "wal")
            #expect(try await db.fetchValue(Int.self, "PRAGMA foreign_keys") == 1)
            await db.close()
        }
    }

    @Test("readers see committed data while the writer holds an open transaction")
    func readersDoNotWaitForTheWriter() async throws {
        try await withTemporaryFolder { folder in
            let db = try await Database.sqlite(.file(folder.appendingPathComponent("app.sqlite").path))
            try await db.execute("CREATE TABLE t (n INTEGER)")
            try await db.execute("INSERT INTO t (n) VALUES (\(1))")
            try await db.transaction { tx in
                try await tx.execute("INSERT INTO t (n) VALUES (\(2))")
                // Outside the transaction, a reader answers at once with the committed state.
                #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM t") == 1)
                #expect(try await tx.fetchValue(Int.self, "SELECT count(*) FROM t") == 2)
            }
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM t") == 2)
            await db.close()
        }
    }

    @Test("data written by one Database is read by another on the same file")
    func sharedFile() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("shared.sqlite").path
            let writer = try await Database.sqlite(.file(path))
            try await writer.execute("CREATE TABLE t (s TEXT)")
            try await writer.execute("INSERT INTO t (s) VALUES (\("hello"))")
            let reader = try await Database.sqlite(.file(path))
            #expect(try await reader.fetchValue(String.self, "SELECT s FROM t") == "hello")
            await writer.close()
            await reader.close()
        }
    }

    @Test("writes wait, without blocking a thread, while another connection holds the lock")
    func busyRetry() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("busy.sqlite").path
            let holder = try await Database.sqlite(.file(path))
            try await holder.execute("CREATE TABLE t (n INTEGER)")
            // More waiting writers than cooperative threads (two here): if a
            // busy wait blocked its thread, the holder could never get a
            // thread to commit, and the writers would time out.
            var opened: [Database] = []
            for _ in 0..<3 { opened.append(try await Database.sqlite(.file(path))) }
            let waiters = opened
            let (release, released) = AsyncStream<Void>.makeStream()
            let lock = Task {
                try await holder.transaction { tx in
                    try await tx.execute("INSERT INTO t (n) VALUES (\(0))")
                    for await _ in release {}
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            let writes = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for (index, waiter) in waiters.enumerated() {
                        group.addTask { try await waiter.execute("INSERT INTO t (n) VALUES (\(index + 1))") }
                    }
                    return try await group.reduce(0, +)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            released.finish()
            try await lock.value
            #expect(try await writes.value == 3)
            #expect(ContinuousClock.now - start >= .milliseconds(300), "the writers waited for the lock")
            #expect(try await holder.fetchValues(Int.self, "SELECT n FROM t ORDER BY n") == [0, 1, 2, 3])
            await holder.close()
            for waiter in waiters { await waiter.close() }
        }
    }

    @Test("a write still locked out after the busy timeout is timeout")
    func busyTimeout() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("busy.sqlite").path
            let holder = try await Database.sqlite(.file(path))
            let waiter = try await Database.sqlite(.file(path), configuration: .init(busyTimeout: .milliseconds(200)))
            try await holder.execute("CREATE TABLE t (n INTEGER)")
            let (release, released) = AsyncStream<Void>.makeStream()
            let lock = Task {
                try await holder.transaction { tx in
                    try await tx.execute("INSERT INTO t (n) VALUES (\(1))")
                    for await _ in release {}
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            await #expect {
                try await waiter.execute("INSERT INTO t (n) VALUES (\(2))")
            } throws: { error in
                guard case QuarryError.timeout(let info) = error else { return false }
                return (info.sqliteExtendedCode ?? 0) & 0xFF == 5  // SQLITE_BUSY
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            released.finish()
            try await lock.value
            #expect(try await waiter.fetchValue(Int.self, "SELECT count(*) FROM t") == 1)
            await holder.close()
            await waiter.close()
        }
    }

    @Test("an unopenable path is connectionFailed")
    func unopenable() async {
        await #expect {
            try await Database.sqlite(.file("/nonexistent-\(UUID())/dir/app.sqlite"))
        } throws: { error in
            if case QuarryError.connectionFailed = error { true } else { false }
        }
    }

    @Test("invalid settings are named", arguments: [
        (SQLiteConfiguration(pool: .init(maxConnections: 0)), "pool.maxConnections"),
        (SQLiteConfiguration(busyTimeout: .seconds(-1)), "busyTimeout"),
        (SQLiteConfiguration(statementCacheCapacity: 0), "statementCacheCapacity"),
        (SQLiteConfiguration(statementTimeout: .zero), "statementTimeout"),
    ])
    func invalidConfiguration(_ configuration: SQLiteConfiguration, _ setting: String) async {
        await #expect {
            try await Database.sqlite(.memory, configuration: configuration)
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, _) = error else { return false }
            return name == setting
        }
    }

    @Test("the pool is a PoolConfiguration, as PostgreSQL's: readers and the checkout timeout of all")
    func poolConfiguration() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pool-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Database.sqlite(
            .file(folder.appendingPathComponent("app.sqlite").path), pool: .init(maxConnections: 2, checkoutTimeout: .seconds(3)))
        defer { Task { await db.close() } }
        let bounds = Dictionary(uniqueKeysWithValues: db.driver.pools.map { ($0.name, $0.statistics.maxConnections) })
        #expect(bounds == ["writer": 1, "readers": 2])
    }

    @Test("an empty file path is invalidArgument")
    func emptyPath() async {
        await #expect {
            try await Database.sqlite(.file(""))
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, _) = error else { return false }
            return name == "storage"
        }
    }

    @Test("the dialect numbers placeholders and quotes identifiers")
    func dialect() {
        let dialect = SQLiteDialect()
        #expect(dialect.placeholder(3) == "?3")
        #expect(dialect.quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(dialect.beginTransactionSQL == "BEGIN IMMEDIATE")
    }
}
