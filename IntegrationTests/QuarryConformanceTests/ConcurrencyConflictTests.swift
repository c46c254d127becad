import Foundation
import Synchronization
import Quarry
import QuarryTesting
import Testing

/// Conflicts only PostgreSQL's row-level concurrency can produce (SQLite
/// serialises writers, so it never deadlocks or fails serialisation).
@Suite("PostgreSQL concurrency conflicts")
struct ConcurrencyConflictTests {
    @Test("two transactions locking rows in opposite order: one gets deadlock, the other commits")
    func deadlock() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 4)) { db in
            try await db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
            try await db.execute("INSERT INTO accounts VALUES (\(1), \(100)), (\(2), \(100))")
            // Each transaction locks its first row, waits until the other has
            // locked its own, then asks for the other's: a deadlock every time,
            // however slowly either task is scheduled.
            let (bothLocked, lockedSignal) = AsyncStream<Void>.makeStream()
            let locked = Counter()
            let barrier: @Sendable () -> Void = { if locked.increment() == 2 { lockedSignal.finish() } }
            async let first = transfer(db, from: 1, to: 2, barrier: barrier, bothLocked: bothLocked)
            async let second = transfer(db, from: 2, to: 1, barrier: barrier, bothLocked: bothLocked)
            let outcomes = await [first, second]
            let deadlocks = outcomes.filter {
                if case .failure(QuarryError.deadlock(let info)) = $0 { return info.sqlState == "40P01" }
                return false
            }
            let successes = outcomes.filter { if case .success = $0 { true } else { false } }
            #expect(deadlocks.count == 1, "\(outcomes)")
            #expect(successes.count == 1, "\(outcomes)")
            #expect(try await db.fetchValue(Int.self, "SELECT sum(balance) FROM accounts") == 200)
        }
    }

    @Test("concurrent serializable read-modify-write: one gets serializationFailure")
    func serializationFailure() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 4)) { db in
            try await db.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try await db.execute("INSERT INTO counters VALUES (\(1), \(0))")
            let (bothRead, readSignal) = AsyncStream<Void>.makeStream()
            let reads = Counter()
            func increment() async -> Result<Void, any Error> {
                do {
                    try await db.transaction { tx in
                        try await tx.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                        let n = try await tx.fetchValue(Int.self, "SELECT n FROM counters WHERE id = \(1)") ?? 0
                        if reads.increment() == 2 { readSignal.finish() }
                        for await _ in bothRead {}
                        try await tx.execute("UPDATE counters SET n = \(n + 1) WHERE id = \(1)")
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            async let first = increment()
            async let second = increment()
            let outcomes = await [first, second]
            let failures = outcomes.filter {
                if case .failure(QuarryError.serializationFailure(let info)) = $0 { return info.sqlState == "40001" }
                return false
            }
            #expect(failures.count == 1, "\(outcomes)")
            #expect(try await db.fetchValue(Int.self, "SELECT n FROM counters") == 1)
            #expect(failures.allSatisfy { if case .failure(let error as QuarryError) = $0 { error.isTransient } else { false } })
        }
    }

    @Test("waiting PostgreSQL queries never hold the cooperative threads")
    func waitsDoNotBlockThePool() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 4)) { db in
            let start = ContinuousClock.now
            async let sleepers: Void = withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await db.execute("SELECT pg_sleep(6)") } }
                try await group.waitForAll()
            }
            // While four statements wait 6 s on the server, 20 short timer
            // waits on the cooperative pool (two threads here) finish: were the
            // waits on the pool, the timers would wait the 6 s out. The 5 s
            // bound leaves room for other suites keeping the pool busy meanwhile
            // (a full run once stretched the 200 ms of timers to 3.9 s).
            try await Task.sleep(for: .milliseconds(100))
            let ticksStart = ContinuousClock.now
            for _ in 0..<20 { try await Task.sleep(for: .milliseconds(10)) }
            let ticks = ContinuousClock.now - ticksStart
            try await sleepers
            #expect(ticks < .seconds(5), "20 × 10 ms took \(ticks)")
            #expect(ContinuousClock.now - start >= .seconds(6))
        }
    }
}

/// Moves 10 from one account to another, locking `from` first, then waiting
/// until `bothLocked` finishes before it asks for `to`.
private func transfer(
    _ db: Database, from: Int, to: Int,
    barrier: @escaping @Sendable () -> Void, bothLocked: AsyncStream<Void>
) async -> Result<Void, any Error> {
    do {
        try await db.transaction { tx in
            try await tx.execute("UPDATE accounts SET balance = balance - \(10) WHERE id = \(from)")
            barrier()
            for await _ in bothLocked {}
            try await tx.execute("UPDATE accounts SET balance = balance + \(10) WHERE id = \(to)")
        }
        return .success(())
    } catch {
        return .failure(error)
    }
}

/// A thread-safe counter for coordinating test tasks.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
