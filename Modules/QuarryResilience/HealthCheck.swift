import Quarry
import Synchronization

/// The health of one database: whether a cheap query answered within the
/// timeout, and how long it took.
public struct HealthReport: Sendable, Hashable {
    public let name: String
    public let isHealthy: Bool
    public let latency: Duration
    /// Why it is not healthy.
    public let problem: String?
}

/// Liveness and readiness for an app's databases: liveness says the process
/// runs (no database involved — a dead database must not get the process
/// restarted); readiness asks every database `SELECT 1` concurrently, each
/// within `timeout`, and is ready only if all answer.
///
/// ```swift
/// let health = HealthCheck(databases: ["primary": db, "replica": replica], timeout: .seconds(1))
/// let reports = await health.readiness()            // [HealthReport], latency included
/// let ready = reports.allSatisfy(\.isHealthy)
/// ```
public struct HealthCheck: Sendable {
    public let databases: [String: Database]
    public let timeout: Duration

    public init(databases: [String: Database], timeout: Duration = .seconds(2)) {
        self.databases = databases
        self.timeout = timeout
    }

    /// Always healthy: the process answers.
    public func liveness() -> HealthReport {
        HealthReport(name: "process", isHealthy: true, latency: .zero, problem: nil)
    }

    /// Every database's report, sorted by name.
    public func readiness() async -> [HealthReport] {
        await withTaskGroup(of: HealthReport.self) { group in
            for (name, db) in databases {
                group.addTask { await Self.check(db, name: name, timeout: timeout) }
            }
            return await group.reduce(into: [HealthReport]()) { $0.append($1) }.sorted { $0.name < $1.name }
        }
    }

    /// One database's report: `SELECT 1`, given up (and cancelled) at
    /// `timeout` — the report does not wait for a server that hangs.
    public static func check(_ db: Database, name: String, timeout: Duration) async -> HealthReport {
        let start = ContinuousClock.now
        let problem = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let answer = FirstAnswer(continuation)
            let query = Task {
                do {
                    let one = try await db.fetchValue(Int.self, "SELECT 1")
                    answer.give(one == 1 ? nil : "SELECT 1 answered \(String(describing: one))")
                } catch {
                    answer.give("\(error)")
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                answer.give("no answer within \(timeout)")
                query.cancel()
            }
        }
        return HealthReport(name: name, isHealthy: problem == nil, latency: ContinuousClock.now - start, problem: problem)
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<String?, Never>?>

    init(_ continuation: CheckedContinuation<String?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func give(_ answer: String?) {
        continuation.withLock { pending in
            defer { pending = nil }
            return pending
        }?.resume(returning: answer)
    }
}
