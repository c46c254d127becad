import Foundation
import Quarry
import QuarryPostgres
import QuarryTesting
import Synchronization
import Testing

@Suite("Connection pool")
struct PoolTests {
    @Test("an exhausted pool throws poolExhausted after the checkout timeout, not a hang",
          arguments: TestDatabase.all)
    func exhaustion(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1, checkoutTimeout: .milliseconds(300))) { db in
            let (release, released) = AsyncStream<Void>.makeStream()
            let holder = Task {
                // Sessions use the writer on SQLite and a pooled connection on
                // PostgreSQL: either way the only one.
                try await db.session { _ in
                    for await _ in release {}
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let start = ContinuousClock.now
            let error = await #expect(throws: QuarryError.self) {
                try await db.session { _ in }
            }
            let waited = ContinuousClock.now - start
            released.finish()
            try await holder.value
            guard case .poolExhausted(let maxConnections, let timeout)? = error else {
                Issue.record("expected poolExhausted, got \(String(describing: error))")
                return
            }
            #expect(maxConnections == 1)
            #expect(timeout == .milliseconds(300))
            #expect(waited >= .milliseconds(250) && waited < .seconds(3), "waited \(waited)")
            // Once released, the connection serves again.
            #expect(try await db.session { try await $0.fetchValue(Int.self, "SELECT 7") } == 7)
        }
    }

    @Test("200 concurrent tasks on a pool of 10 all succeed", arguments: TestDatabase.all)
    func concurrentTasks(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 10, checkoutTimeout: .seconds(60))) { db in
            try await db.execute("CREATE TABLE hits (id \(autoIncrementKey(db.dialect)), task INTEGER NOT NULL)")
            let sums = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<200 {
                    group.addTask {
                        if task % 2 == 0 {
                            try await db.execute("INSERT INTO hits (task) VALUES (\(task))")
                        } else {
                            try await db.transaction { tx in
                                try await tx.execute("INSERT INTO hits (task) VALUES (\(task))")
                            }
                        }
                        return try await db.fetchValue(Int.self, "SELECT \(task) + 0") ?? -1
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(sums.sorted() == Array(0..<200))
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM hits") == 200)
            #expect(try await db.fetchValue(Int.self, "SELECT count(DISTINCT task) FROM hits") == 200)
            if let postgres = db.driver as? PostgresDriver {
                #expect(postgres.poolStatistics.open <= 10)
                #expect(postgres.poolStatistics.waiting == 0)
            }
        }
    }

    @Test("a task running SQLite statement after statement lets the other tasks of its thread run, in a transaction too",
          arguments: [false, true])
    func longLoopsYield(inTransaction: Bool) async throws {
        // SQLite steps on the caller's thread and a ready connection is taken
        // without suspending. Both tasks here share one thread: the second
        // runs only when the loop suspends, so it records how far the loop got.
        try await TestDatabase.sqlite.withDatabase(.init(maxConnections: 1)) { db in
            try await db.execute("SELECT 1")
            let thread = DedicatedThreadExecutor(name: "quarry.test.one-thread")
            defer { thread.shutdown() }
            let progress = LoopProgress()
            try await withTaskExecutorPreference(thread) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        func loop(_ executor: some QueryExecutor) async throws {
                            for _ in 0..<2_000 {
                                try await executor.execute("SELECT 1")
                                progress.statements.add(1, ordering: .relaxed)
                            }
                        }
                        if inTransaction { try await db.transaction { try await loop($0) } } else { try await loop(db) }
                    }
                    group.addTask { progress.seenAfter.withLock { $0 = progress.statements.load(ordering: .relaxed) } }
                    try await group.waitForAll()
                }
            }
            let seen = try #require(progress.seenAfter.withLock { $0 })
            #expect(seen < 200, "the other task ran only after \(seen) of 2,000 statements")
            #expect(progress.statements.load(ordering: .relaxed) == 2_000)
        }
    }

    @Test("an observer sees every checkout and return, those of ready connections taken without an async call too")
    func observedFastPath() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(maxConnections: 1)) { db in
            try await db.execute("SELECT 1")
            let observer = CountingPoolObserver()
            for pool in db.driver.pools { pool.addObserver(observer) }
            for _ in 0..<200 { try await db.execute("SELECT 1") }
            #expect(observer.counts.withLock { $0 } == [200, 200], "checkouts and returns the observer saw")
        }
    }

    @Test("a connection killed by the server is discarded and the next statement gets a new one")
    func connectionKilled() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 1)) { db in
            let pid = try #require(try await db.fetchValue(Int.self, "SELECT pg_backend_pid()"))
            let admin = try await Database.postgres(url: try TestDatabase.postgresURL())
            try await admin.execute("SELECT pg_terminate_backend(\(pid)::integer)")
            await admin.close()
            let error = await #expect(throws: QuarryError.self) {
                try await db.fetchValue(Int.self, "SELECT 1")
            }
            guard case .connectionLost? = error else {
                Issue.record("expected connectionLost, got \(String(describing: error))")
                return
            }
            let newPID = try await db.fetchValue(Int.self, "SELECT pg_backend_pid()")
            #expect(newPID != nil && newPID != pid)
        }
    }

    @Test("an idle connection is health-checked on checkout and replaced when dead")
    func healthCheck() async throws {
        var configuration = try PostgresConfiguration(
            try TestDatabase.postgresURL(), pool: PoolConfiguration(maxConnections: 1, healthCheckAfterIdle: .zero))
        configuration.statementTimeout = nil
        let db = try await Database.postgres(configuration)
        let pid = try #require(try await db.fetchValue(Int.self, "SELECT pg_backend_pid()"))
        let admin = try await Database.postgres(url: try TestDatabase.postgresURL())
        try await admin.execute("SELECT pg_terminate_backend(\(pid)::integer)")
        await admin.close()
        // The ping on checkout notices the dead connection: no error reaches the caller.
        let newPID = try await db.fetchValue(Int.self, "SELECT pg_backend_pid()")
        #expect(newPID != nil && newPID != pid)
        await db.close()
    }

    @Test("connections older than the maximum lifetime are replaced")
    func maxLifetime() async throws {
        let configuration = try PostgresConfiguration(
            try TestDatabase.postgresURL(),
            pool: PoolConfiguration(maxConnections: 1, maxLifetime: .milliseconds(100)))
        let db = try await Database.postgres(configuration)
        let first = try await db.fetchValue(Int.self, "SELECT pg_backend_pid()")
        try await Task.sleep(for: .milliseconds(250))
        let second = try await db.fetchValue(Int.self, "SELECT pg_backend_pid()")
        #expect(first != nil && second != nil && first != second)
        await db.close()
    }

    @Test("after a schema change every pooled connection is replaced, so no cached plan of the old schema fails")
    func schemaChange() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 2)) { db in
            try await db.execute("CREATE TABLE pets (id serial PRIMARY KEY, name text NOT NULL, shout text)")
            try await db.execute("""
                CREATE FUNCTION pets_shout() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.shout := upper(NEW.name); RETURN NEW; END $$
                """)
            try await db.execute(
                "CREATE TRIGGER pets_shout BEFORE INSERT ON pets FOR EACH ROW EXECUTE FUNCTION pets_shout()")
            // Both connections run the trigger, so both cache its plan for a text column.
            let before = try await onBothConnections(db) { session, index in
                try await session.execute("INSERT INTO pets (name) VALUES (\("before \(index)"))")
            }
            try await db.execute("ALTER TABLE pets ALTER COLUMN name TYPE varchar(80)")
            let heldAcross = Task {
                try await db.session { session in
                    try await Task.sleep(for: .milliseconds(200))
                    return try #require(try await session.fetchValue(Int.self, "SELECT pg_backend_pid()"))
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            await db.schemaDidChange()
            let held = try await heldAcross.value
            let after = try await onBothConnections(db) { session, index in
                try await session.execute("INSERT INTO pets (name) VALUES (\("after \(index)"))")
            }
            #expect(Set(before).isDisjoint(with: after), "every connection open before the change was replaced")
            #expect(!after.contains(held), "a connection in use during the change is retired when it comes back")
            #expect(try await db.fetchValues(String.self, "SELECT shout FROM pets ORDER BY shout") == [
                "AFTER 0", "AFTER 1", "BEFORE 0", "BEFORE 1",
            ])
        }
    }

    @Test("an unreachable server fails with connectionFailed")
    func unreachable() async throws {
        let error = await #expect(throws: QuarryError.self) {
            try await Database.postgres(url: "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
        }
        guard case .connectionFailed(let info)? = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(!info.message.isEmpty)
    }

    @Test("invalid pool settings are rejected naming the setting")
    func invalidPool() async throws {
        let error = await #expect(throws: QuarryError.self) {
            try await Database.postgres(url: try TestDatabase.postgresURL(), pool: PoolConfiguration(maxConnections: 0))
        }
        guard case .invalidArgument(let name, _)? = error else {
            Issue.record("expected invalidArgument, got \(String(describing: error))")
            return
        }
        #expect(name == "maxConnections")
    }
}

/// Runs `body` in two sessions at once — so on two different connections —
/// and returns their backend process ids.
private func onBothConnections(
    _ db: Database, _ body: @escaping @Sendable (Session, Int) async throws -> Void
) async throws -> [Int] {
    let pids = try await withThrowingTaskGroup(of: Int.self) { group in
        for index in 0..<2 {
            group.addTask {
                try await db.session { session in
                    try await body(session, index)
                    // Hold the connection until both sessions ran, so they cannot share one.
                    try await Task.sleep(for: .milliseconds(100))
                    return try #require(try await session.fetchValue(Int.self, "SELECT pg_backend_pid()"))
                }
            }
        }
        return try await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(Set(pids).count == 2, "two sessions at once hold two connections")
    return pids
}

/// How far a loop of statements got, and what another task saw of it.
private final class LoopProgress: Sendable {
    let statements = Atomic<Int>(0)
    let seenAfter = Mutex<Int?>(nil)
}

/// Counts the checkouts and returns a pool reports.
private final class CountingPoolObserver: PoolObserver {
    /// [checked out, checked in].
    let counts = Mutex([0, 0])

    func pool(_ pool: any MonitoredPool, didRecord event: PoolEvent) {
        switch event {
        case .checkedOut: counts.withLock { $0[0] += 1 }
        case .checkedIn: counts.withLock { $0[1] += 1 }
        default: break
        }
    }
}
