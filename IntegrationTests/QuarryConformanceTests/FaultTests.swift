import Foundation
import Quarry
import QuarryMonitoring
import QuarryPostgres
import QuarryResilience
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Faults: a real PostgreSQL server stopped and restarted under load")
struct FaultTests {
    @Test("10,000 writes from 20 tasks across a server restart: each committed once or failed with a typed error",
          .enabled(if: TestPostgres.isAvailable))
    func restartUnderLoad() async throws {
        try await TestPostgres.withServer(restartScenario)
    }
}

@Model(table: "fault_writes")
struct FaultWrite {
    @ID var id: Int64?
    @Column(.unique) var requestID: String
    var task: Int
}

/// What the writers saw.
private struct Outcomes: Sendable {
    var committed: Set<String> = []
    var failed: [String: String] = [:]
    var untyped: [String] = []
    var committedAfterRestart = 0
}

/// The outcomes and the restart flag, shared by the writer tasks.
private final class FaultLog: Sendable {
    let outcomes = Mutex(Outcomes())
    let restarted = Atomic<Bool>(false)
}

private func restartScenario(_ server: TestPostgres.Server) async throws {
    let db = try await Database.postgres(
        url: server.url, pool: PoolConfiguration(maxConnections: 10, checkoutTimeout: .seconds(5)))
    let pools = PoolMonitor(metrics: nil)
    pools.attach(to: db)
    try await db.createTables(FaultWrite.self)
    let transitions = Mutex<[String]>([])
    let breaker = CircuitBreaker(
        name: "fault-test", failureThreshold: 5, coolDown: .milliseconds(200),
        onStateChange: { _, to in
            let name = switch to {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "halfOpen"
            }
            transitions.withLock { $0.append(name) }
        })
    let log = FaultLog()
    // Every statement of `guarded` goes through the breaker.
    let guarded = db.guarded(by: breaker)

    try await withThrowingTaskGroup(of: Void.self) { group in
        for task in 0..<20 {
            group.addTask {
                for number in 0..<500 {
                    let requestID = "t\(task)-w\(number)"
                    do {
                        _ = try await FaultWrite(requestID: requestID, task: task).insert(on: guarded)
                        let late = log.restarted.load(ordering: .acquiring)
                        log.outcomes.withLock {
                            $0.committed.insert(requestID)
                            if late { $0.committedAfterRestart += 1 }
                        }
                    } catch let error as QuarryError {
                        log.outcomes.withLock { $0.failed[requestID] = "\(error)" }
                    } catch let error as ResilienceError {
                        log.outcomes.withLock { $0.failed[requestID] = "\(error)" }
                        // Failing fast must not spin: let the server come back.
                        try await Task.sleep(for: .milliseconds(20))
                    } catch {
                        log.outcomes.withLock { $0.untyped.append("\(requestID): \(error)") }
                    }
                }
            }
        }
        group.addTask {
            while log.outcomes.withLock({ $0.committed.count }) < 3_000 { try await Task.sleep(for: .milliseconds(5)) }
            try await server.stop(.immediate)
            try await Task.sleep(for: .milliseconds(500))
            try await server.start()
            log.restarted.store(true, ordering: .releasing)
        }
        try await group.waitForAll()
    }

    // The pool recovered without a restart of the app.
    let stored = try await db.fetchValues(String.self, "SELECT request_id FROM fault_writes")
    let seen = log.outcomes.withLock { $0 }
    let storedSet = Set(stored)
    let report = try #require(pools.report(for: "postgres"))
    await db.close()

    #expect(seen.untyped.isEmpty, "every failure is a typed error: \(seen.untyped.prefix(3))")
    #expect(seen.committed.count + seen.failed.count == 10_000, "every write has an outcome")
    let both = seen.committed.intersection(seen.failed.keys)
    let lost = seen.committed.subtracting(storedSet)
    let ambiguous = storedSet.subtracting(seen.committed)
    let unexplained = ambiguous.subtracting(seen.failed.keys)
    #expect(both.isEmpty, "no write both committed and failed: \(both.prefix(3))")
    #expect(stored.count == storedSet.count, "no write doubled")
    #expect(lost.isEmpty, "no committed write lost: \(lost.count), e.g. \(lost.prefix(3))")
    #expect(unexplained.isEmpty, "a stored write the caller did not see commit failed visibly: \(unexplained.prefix(3))")
    #expect(ambiguous.allSatisfy { seen.failed[$0]?.contains("connection") == true },
            "only a lost connection leaves the outcome for the caller to check: \(ambiguous.prefix(3))")
    #expect(!seen.failed.isEmpty, "the outage was felt")
    #expect(seen.committedAfterRestart > 0, "writes succeed after the restart")
    let states = transitions.withLock { $0 }
    #expect(states.contains("open"), "the circuit opened while the server was down")
    #expect(states.last == "closed" && breaker.state == CircuitBreaker.State.closed, "and closed after: \(states)")
    #expect(report.connectionFailures > 0 || report.checkoutErrors > 0, "the pool monitor saw the outage")
}
