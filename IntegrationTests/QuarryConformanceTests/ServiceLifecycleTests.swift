import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOHTTP1
import Quarry
import QuarryHummingbird
import QuarryLifecycle
import QuarryMonitoring
import QuarryRealtime
import QuarryRedis
import QuarryTesting
import ServiceLifecycle
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Service lifecycle: the database, change feed, pool sampling and Redis in a ServiceGroup, drained on graceful shutdown")
struct ServiceLifecycleTests {
    @Test(
        "graceful shutdown under load: every in-flight request finishes on the database, then it closes; nothing new is accepted",
        arguments: TestDatabase.all)
    func gracefulShutdown(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), gracefulShutdownScenario)
    }

    @Test("a change feed run as a service starts, delivers, and ends its subscriptions on shutdown")
    func changeFeed() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), changeFeedScenario)
    }

    @Test("pool sampling as a service samples until shutdown, then stops")
    func poolSampling() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), poolSamplingScenario)
    }

    @Test("Redis client and message bus as services: working until shutdown, closed after it")
    func redis() async throws {
        try await redisScenario()
    }
}

/// Opens once: the requests in flight wait on it until shutdown has begun.
private actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

@Model(table: "lifecycle_jobs")
private struct LifecycleJob {
    @ID var id: Int64?
    var name: String
}

private func gracefulShutdownScenario(_ db: Database) async throws {
    try await db.createTables(LifecycleJob.self)
    let inFlight = 8  // HTTPClient.shared opens at most 8 connections per host
    let started = Atomic<Int>(0)
    let latch = Latch()
    let router = Router()
    // Each request writes and reads a row only after shutdown has begun:
    // the database must still be open for it.
    router.get("work/:n") { _, context -> String in
        let n = try context.parameters.require("n")
        started.add(1, ordering: .relaxed)
        await latch.wait()
        let job = try await LifecycleJob(name: "job \(n)").insert(on: db)
        return try await LifecycleJob.get(on: db, id: job.id!).name
    }
    let port = Mutex<Int?>(nil)
    var logger = Logger(label: "quarry.lifecycle-test")
    logger.logLevel = .critical
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: logger)
    // Shut down in reverse order: the server drains first, then the database closes.
    let group = ServiceGroup(configuration: .init(services: [db, app], logger: logger))
    let running = Task { try await group.run() }

    let deadline = ContinuousClock.now + .seconds(30)
    while port.withLock({ $0 }) == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    let bound = try #require(port.withLock { $0 }, "the server did not start")
    let base = "http://127.0.0.1:\(bound)"

    let requests = Task {
        try await withThrowingTaskGroup(of: (Int, UInt, String).self) { group in
            for n in 0..<inFlight {
                group.addTask {
                    let response = try await HTTPClient.shared.execute(
                        HTTPClientRequest(url: "\(base)/work/\(n)"), timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 16)
                    return (n, response.status.code, String(buffer: body))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
    while started.load(ordering: .relaxed) < inFlight, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
    }
    #expect(started.load(ordering: .relaxed) == inFlight, "every request reached its handler before shutdown")

    await group.triggerGracefulShutdown()
    try await Task.sleep(for: .milliseconds(200))  // shutdown is under way: the server is quiescing
    await latch.open()

    let answers = try await requests.value
    #expect(answers.count == inFlight)
    for (n, status, body) in answers {
        #expect(status == 200 && body == "job \(n)", "request \(n): \(status) \(body)")
    }
    try await running.value

    // The database closed after the server drained: a statement is refused,
    // and so is a new connection to the server.
    await #expect {
        _ = try await LifecycleJob.count(on: db)
    } throws: { error in
        if case QuarryError.poolClosed = error { return true }
        return false
    }
    var refused = false
    do {
        _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(base)/work/99"), timeout: .seconds(5))
    } catch {
        refused = true
    }
    #expect(refused, "the stopped server accepted a request")
}

@Model(table: "lifecycle_notes")
private struct LifecycleNote {
    @ID var id: Int64?
    var text: String
}

private func changeFeedScenario(_ db: Database) async throws {
    try await db.createTables(LifecycleNote.self)
    let feed = ChangeFeed(database: db, bus: InProcessMessageBus())
    feed.register(LifecycleNote.self)
    var logger = Logger(label: "quarry.lifecycle-test")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: .init(services: [feed], logger: logger))
    let running = Task { try await group.run() }

    let subscription = feed.subscribe(to: [LifecycleNote.schema.name])
    let reader = Task { () -> ChangeEvent? in
        for await event in subscription { return event }
        return nil
    }
    // The service starts the feed; then a committed insert reaches the subscriber.
    let deadline = ContinuousClock.now + .seconds(30)
    while !feed.isListening, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    #expect(feed.isListening, "the service started the feed")
    let note = try await LifecycleNote(text: "hello").insert(on: db)
    let received = await reader.value
    #expect(received?.table == LifecycleNote.schema.name && received?.key == "\(note.id!)")

    await group.triggerGracefulShutdown()
    try await running.value
    #expect(!feed.isListening, "the feed closed on shutdown")
    #expect(feed.subscriberCount == 0, "subscriptions ended")
}

private func poolSamplingScenario(_ db: Database) async throws {
    let monitor = PoolMonitor(metrics: nil)
    monitor.attach(to: db)
    let name = try #require(monitor.reports().first?.name, "the database's pool is watched")
    var logger = Logger(label: "quarry.lifecycle-test")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: .init(services: [monitor.sampling(every: .milliseconds(10))], logger: logger))
    let running = Task { try await group.run() }
    let deadline = ContinuousClock.now + .seconds(30)
    while monitor.history(of: name).count < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    #expect(monitor.history(of: name).count >= 3, "the service sampled repeatedly")

    await group.triggerGracefulShutdown()
    try await running.value
    let stopped = monitor.history(of: name).count
    try await Task.sleep(for: .milliseconds(100))
    #expect(monitor.history(of: name).count == stopped, "no samples after shutdown")
}

private func redisScenario() async throws {
    let configuration = try RedisConfiguration(url: TestRedis.url())
    let client = try RedisClient(configuration: configuration)
    let bus = try RedisMessageBus(configuration: configuration)
    var logger = Logger(label: "quarry.lifecycle-test")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: .init(services: [client, bus], logger: logger))
    let running = Task { try await group.run() }

    let key = "quarry-lifecycle-\(UUID().uuidString)"
    try await client.send(["SET", key, "up"]).checked()
    let messages = try await bus.subscribe(to: key)
    let ended = Task { () -> Int in
        var count = 0
        for await _ in messages { count += 1 }
        return count
    }

    await group.triggerGracefulShutdown()
    try await running.value
    // The bus ended its subscriptions (within a bound); the client refuses commands.
    let endedInTime = await withTaskGroup(of: Bool.self) { group in
        group.addTask { _ = await ended.value; return true }
        group.addTask { try? await Task.sleep(for: .seconds(10)); return false }
        let first = await group.next() ?? false
        ended.cancel()
        group.cancelAll()
        return first
    }
    #expect(endedInTime, "the bus ended its subscription on shutdown")
    await #expect(throws: (any Error).self) { try await client.send(["GET", key]).checked() }
}
