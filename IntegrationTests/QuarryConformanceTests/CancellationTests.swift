import Foundation
import Synchronization
import Quarry
import QuarryTesting
import Testing

/// A statement that runs for minutes unless interrupted.
private func longQuery(_ db: Database) -> SQL {
    db.dialect.name == "postgres"
        ? "SELECT pg_sleep(60)"
        : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT count(*) FROM c"
}

/// Runs `operation` in a task, cancels it after `delay`, and returns its
/// error and how long it ran on after the cancel.
///
/// The cancel comes from a thread of its own, not a task: SQLite statements
/// run inline on the cooperative pool (two threads here), so while parallel
/// cases each run a long SQLite query, a sleeping task, or a Dispatch global
/// queue (which shares the pool's threads on Linux), might find no thread to
/// run on. The end is taken inside the task, where the statement's error
/// arrives — not after the test's own task found a thread to resume on,
/// which CPU-bound suites running alongside (the macro tests) can delay
/// by seconds.
private func cancelAfter(
    _ delay: Duration, _ operation: @escaping @Sendable () async throws -> Void
) async -> (error: (any Error)?, elapsed: Duration) {
    let cancelledAt = Mutex<ContinuousClock.Instant?>(nil)
    let startedAt = Mutex<ContinuousClock.Instant?>(nil)
    let endedAt = Mutex<ContinuousClock.Instant?>(nil)
    let task = Task {
        startedAt.withLock { $0 = .now }
        defer { endedAt.withLock { $0 = .now } }
        try await operation()
    }
    let milliseconds = Int(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        cancelledAt.withLock { $0 = .now }
        task.cancel()
    }
    let result = await task.result
    // From the cancel, or from the start when the task first ran after it.
    let end = endedAt.withLock { $0 } ?? .now
    let from = max(cancelledAt.withLock { $0 } ?? end, startedAt.withLock { $0 } ?? end)
    let elapsed = end - from
    if case .failure(let error) = result { return (error, elapsed) }
    return (nil, elapsed)
}

@Suite("Cancellation interrupts queries")
struct CancellationTests {
    @Test("cancelling a task mid-query returns promptly and leaves the connection usable",
          arguments: TestDatabase.all)
    func cancelMidQuery(_ database: TestDatabase) async throws {
        // One connection: the query after the cancel proves it was returned clean.
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            let query = longQuery(db)
            let (error, elapsed) = await cancelAfter(.milliseconds(300)) {
                try await db.execute(query)
            }
            guard case .cancelled(let sql)? = error as? QuarryError else {
                Issue.record("expected cancelled, got \(String(describing: error))")
                return
            }
            // Under load the cancel can land before the statement starts (no SQL).
            #expect(sql == nil || sql?.contains("SELECT") == true)
            // The query would run for minutes (PostgreSQL: 60 s); 15 s proves
            // the interrupt with room for a machine loaded by other work (a
            // shared 2-CPU host once needed 6.8 s).
            #expect(elapsed < .seconds(15), "took \(elapsed)")
            let answer = try await db.fetchValue(Int.self, "SELECT 41 + 1")
            #expect(answer == 42)
        }
    }

    @Test("cancelling inside a transaction rolls it back and frees the connection", arguments: TestDatabase.all)
    func cancelInTransaction(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            try await db.execute("CREATE TABLE marks (n INTEGER)")
            let query = longQuery(db)
            let (error, elapsed) = await cancelAfter(.milliseconds(300)) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO marks (n) VALUES (\(1))")
                    try await tx.execute(query)
                }
            }
            guard case .cancelled? = error as? QuarryError else {
                Issue.record("expected cancelled, got \(String(describing: error))")
                return
            }
            #expect(elapsed < .seconds(15), "took \(elapsed)")
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM marks") == 0)
            try await db.transaction { tx in try await tx.execute("INSERT INTO marks (n) VALUES (\(2))") }
            #expect(try await db.fetchValues(Int.self, "SELECT n FROM marks") == [2])
        }
    }

    @Test("a task cancelled before its statement starts does not run it", arguments: TestDatabase.all)
    func cancelledBeforeStart(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE marks (n INTEGER)")
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await db.execute("INSERT INTO marks (n) VALUES (\(1))")
            }
            let result = await task.result
            guard case .failure(QuarryError.cancelled) = result else {
                Issue.record("expected cancelled, got \(result)")
                return
            }
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM marks") == 0)
        }
    }

    @Test("cancelling a task waiting for a connection ends the wait with cancelled", arguments: TestDatabase.all)
    func cancelWhileWaitingForPool(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1, checkoutTimeout: .seconds(30))) { db in
            let (release, released) = AsyncStream<Void>.makeStream()
            let (taken, tookIt) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await db.session { _ in
                    tookIt.finish()
                    for await _ in release {}
                }
            }
            // Wait until the holder has the only (writer) connection.
            for await _ in taken {}
            let (error, elapsed) = await cancelAfter(.milliseconds(200)) {
                try await db.transaction { _ in }
            }
            released.finish()
            try await holder.value
            guard case .cancelled? = error as? QuarryError else {
                Issue.record("expected cancelled, got \(String(describing: error))")
                return
            }
            // The checkout timeout is 30 s: 15 s proves the cancel ended the wait.
            #expect(elapsed < .seconds(15), "took \(elapsed)")
        }
    }

    @Test("a statement timeout is timeout, not cancelled, and the connection stays usable", arguments: TestDatabase.all)
    func statementTimeout(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1, statementTimeout: .milliseconds(200)), timeoutScenario)
    }
}

private func timeoutScenario(_ db: Database) async throws {
    let start = ContinuousClock.now
    var failure: QuarryError?
    do { try await db.execute(longQuery(db)) } catch let error as QuarryError { failure = error }
    let elapsed = ContinuousClock.now - start
    let one = try await db.fetchValue(Int.self, "SELECT 1")
    guard case .timeout(let info)? = failure else {
        Issue.record("expected timeout, got \(String(describing: failure))")
        return
    }
    #expect(db.dialect.name == "postgres" ? info.sqlState == "57014" : info.sqliteExtendedCode == 9)
    #expect(elapsed < .seconds(5), "took \(elapsed)")
    #expect(one == 1)
}
