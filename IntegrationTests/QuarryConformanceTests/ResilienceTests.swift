import Foundation
import Quarry
import QuarryPostgres
import QuarryResilience
import QuarryTesting
import Synchronization
import Testing

@Model(table: "resilient_counters")
struct ResilientCounter {
    @ID var id: Int64?
    var value: Int
}

/// A clock the test moves by hand.
private final class StepClock: Sendable {
    private let now = Mutex(ContinuousClock.now)
    var read: @Sendable () -> ContinuousClock.Instant { { self.now.withLock { $0 } } }
    func advance(_ duration: Duration) { now.withLock { $0 += duration } }
}

/// A counter tasks share.
private final class AttemptTally: Sendable {
    let count = Atomic<Int>(0)
}

private let lost = QuarryError.connectionLost(DatabaseErrorInfo(message: "injected", sql: nil))

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryResilience: retries, circuit breaker, health")
struct ResilienceTests {
    @Test("concurrent serializable read-modify-write transactions all succeed when retried whole", arguments: TestDatabase.all)
    func retriedTransactions(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), retriedTransactionScenario)
    }

    @Test("reads are retried; a write in a read-only block is refused before it runs; writes retry only when idempotent",
          arguments: TestDatabase.all)
    func idempotency(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), idempotencyScenario)
    }

    @Test("retries stop at the attempt limit and at the deadline, and never for a permanent error")
    func limits() async throws {
        let attempts = Atomic<Int>(0)
        let error = await #expect(throws: QuarryError.self) {
            try await RetryPolicy(maxAttempts: 100, baseDelay: .milliseconds(20), maxDelay: .milliseconds(20),
                                  deadline: .milliseconds(150)).run { _ in
                attempts.add(1, ordering: .relaxed)
                throw lost
            }
        }
        let permanent = Atomic<Int>(0)
        await #expect(throws: QuarryError.self) {
            try await RetryPolicy(maxAttempts: 5).run { _ in
                permanent.add(1, ordering: .relaxed)
                throw QuarryError.uniqueViolation(DatabaseErrorInfo(message: "dup", sql: nil))
            }
        }
        let counted = Atomic<Int>(0)
        await #expect(throws: QuarryError.self) {
            try await RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)).run { _ in
                counted.add(1, ordering: .relaxed)
                throw lost
            }
        }

        #expect(error != nil)
        // The deadline, not the 100-attempt limit, ended it. (No bound on the
        // elapsed time: sleeps overshoot by seconds when parallel suites load the pool.)
        #expect(attempts.load(ordering: .relaxed) > 1 && attempts.load(ordering: .relaxed) < 100)
        #expect(permanent.load(ordering: .relaxed) == 1, "a unique violation is not retried")
        #expect(counted.load(ordering: .relaxed) == 3)
    }

    @Test("the circuit opens after the threshold, fails fast, half-opens after the cool-down, and closes or reopens")
    func circuit() async throws {
        let clock = StepClock()
        let changes = Mutex<[String]>([])
        let breaker = CircuitBreaker(name: "db", failureThreshold: 3, coolDown: .seconds(10), clock: clock.read) { from, to in
            changes.withLock { $0.append("\(from) -> \(to)".replacingOccurrences(of: "(until: ContinuousClock.Instant", with: "").prefix(40).description) }
        }
        let calls = Atomic<Int>(0)
        for _ in 0..<3 {
            _ = try? await breaker.run { calls.add(1, ordering: .relaxed); throw lost }
        }
        let fastFail = await #expect(throws: ResilienceError.self) { try await breaker.run { calls.add(1, ordering: .relaxed) } }
        _ = try? await breaker.run { throw QuarryError.uniqueViolation(DatabaseErrorInfo(message: "x", sql: nil)) }
        clock.advance(.seconds(11))
        _ = try? await breaker.run { calls.add(1, ordering: .relaxed); throw lost }     // the trial fails: open again
        let stillOpen = breaker.state
        clock.advance(.seconds(11))
        let recovered = try await breaker.run { calls.add(1, ordering: .relaxed); return 42 }

        guard case .circuitOpen(let name, let retryAfter)? = fastFail else {
            Issue.record("expected circuitOpen, got \(String(describing: fastFail))")
            return
        }
        #expect(name == "db" && retryAfter == .seconds(10))
        #expect(calls.load(ordering: .relaxed) == 5, "no call ran while open")
        if case .open = stillOpen {} else { Issue.record("a failed trial reopens the circuit, got \(stillOpen)") }
        #expect(recovered == 42 && breaker.state == .closed)
        #expect(changes.withLock { $0.count } == 5, "closed→open→half-open→open→half-open→closed: \(changes.withLock { $0 })")
    }

    @Test("readiness reports each database with its latency; a dead one is reported, within the timeout")
    func health() async throws {
        try await TestDatabase.postgres.withDatabase(.init()) { postgres in
            try await TestDatabase.sqlite.withDatabase(.init()) { sqlite in
                let check = HealthCheck(databases: ["postgres": postgres, "sqlite": sqlite], timeout: .seconds(2))
                let reports = await check.readiness()
                #expect(reports.map(\.name) == ["postgres", "sqlite"])
                #expect(reports.allSatisfy { $0.isHealthy && $0.latency > .zero && $0.problem == nil })
                #expect(check.liveness().isHealthy)
            }
        }
        // A server that went away after the pool opened.
        let url = try TestDatabase.postgresURL()
        let db = try await Database.postgres(url: url, pool: PoolConfiguration(maxConnections: 1))
        let pid = try #require(try await db.fetchValue(Int.self, "SELECT pg_backend_pid()"))
        let admin = try await Database.postgres(url: url)
        try await admin.execute("SELECT pg_terminate_backend(\(pid)::integer)")
        await admin.close()
        await db.close()
        let start = ContinuousClock.now
        let report = await HealthCheck.check(db, name: "closed", timeout: .milliseconds(500))
        #expect(!report.isHealthy && report.problem != nil)
        #expect(ContinuousClock.now - start < .seconds(10), "loose: the pool may be loaded by parallel suites")
    }
}

private func retriedTransactionScenario(_ db: Database) async throws {
    try await db.createTables(ResilientCounter.self)
    let counter = try await ResilientCounter(value: 0).insert(on: db)
    let attempts = AttemptTally()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<8 {
            group.addTask {
                try await db.transaction(retrying: RetryPolicy(maxAttempts: 30, baseDelay: .milliseconds(5))) { tx in
                    attempts.count.add(1, ordering: .relaxed)
                    if tx.dialect.name == "postgres" {
                        try await tx.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                    }
                    var row = try await ResilientCounter.get(on: tx, id: counter.id!)
                    try await Task.sleep(for: .milliseconds(5))
                    row.value += 1
                    try await row.save(on: tx)
                }
            }
        }
        try await group.waitForAll()
    }
    let final = try await ResilientCounter.get(on: db, id: counter.id!).value
    #expect(final == 8, "every increment applied exactly once")
    if db.dialect.name == "postgres" {
        #expect(attempts.count.load(ordering: .relaxed) > 8, "some transactions were retried whole")
    }
}

private func idempotencyScenario(_ db: Database) async throws {
    try await db.createTables(ResilientCounter.self)
    try await ResilientCounter(value: 7).insert(on: db)
    let readAttempts = Atomic<Int>(0)
    let values = try await db.retryingReads(RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1))) { reader in
        if readAttempts.add(1, ordering: .relaxed).newValue == 1 { throw lost }
        return try await ResilientCounter.query.all(on: reader).map(\.value)
    }
    let refused = await #expect(throws: ResilienceError.self) {
        try await db.retryingReads { reader in try await ResilientCounter(value: 1).insert(on: reader) }
    }
    let writeAttempts = Atomic<Int>(0)
    await #expect(throws: QuarryError.self) {
        try await db.retrying(RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), idempotent: false) { _ in
            writeAttempts.add(1, ordering: .relaxed)
            throw lost
        }
    }
    let optedIn = Atomic<Int>(0)
    try await db.retrying(RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), idempotent: true) { db in
        if optedIn.add(1, ordering: .relaxed).newValue == 1 { throw lost }
        try await ResilientCounter(value: 9).insert(on: db)
    }
    let count = try await ResilientCounter.count(on: db)

    #expect(values == [7] && readAttempts.load(ordering: .relaxed) == 2)
    guard case .writeInReadOnlyBlock? = refused else {
        Issue.record("expected writeInReadOnlyBlock, got \(String(describing: refused))")
        return
    }
    #expect(writeAttempts.load(ordering: .relaxed) == 1, "a write is not retried without opting in")
    #expect(optedIn.load(ordering: .relaxed) == 2 && count == 2, "the refused insert never ran; the opted-in one ran once")
}
