import Foundation
import Logging
import MetricsTestKit
import Quarry
import QuarryMonitoring
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryMonitoring: query monitor, N+1 detection, pool monitor")
struct MonitoringTests {
    @Test("the query monitor keeps per-shape counts, rows and percentiles without bind values", arguments: TestDatabase.all)
    func shapes(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), shapeScenario)
    }

    @Test("slow statements are logged, kept, counted and passed to the callback; failures are counted",
          arguments: TestDatabase.all)
    func slowQueries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), slowScenario)
    }

    @Test("statements are exported through swift-metrics", arguments: TestDatabase.all)
    func metrics(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), metricsScenario)
    }

    @Test("task-scoped observation sees the block's statements on any database, and only those",
          arguments: TestDatabase.all)
    func scoped(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), scopedScenario)
    }

    @Test("N+1: a shape over the threshold is reported once with its count and call site; prefetch is clean",
          arguments: TestDatabase.all)
    func nPlusOne(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), nPlusOneScenario)
    }

    @Test("the pool monitor sees waits, timeouts, saturation and recovery, and keeps a bounded history",
          arguments: TestDatabase.all)
    func pools(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1, checkoutTimeout: .seconds(1)), poolScenario)
    }
}

@Model(table: "monitored_accounts")
struct MonitoredAccount {
    @ID var id: Int64?
    var owner: String
    var secret: String
}

private func shapeScenario(_ db: Database) async throws {
    let monitor = QueryMonitor(metrics: nil)
    try await db.createTables(MonitoredAccount.self)
    monitor.attach(to: db)
    let secret = "hunter2-\(UUID().uuidString)"
    let accounts = try await MonitoredAccount.insert(
        (0..<30).map { MonitoredAccount(owner: "owner\($0)", secret: secret) }, on: db)
    for account in accounts.prefix(25) { _ = try await MonitoredAccount.get(on: db, id: account.id!) }
    let ids = accounts.map { $0.id! }
    let three = try await MonitoredAccount.filter { $0.id.in(Array(ids.prefix(3))) }.all(on: db)
    let seven = try await MonitoredAccount.filter { $0.id.in(Array(ids.suffix(7))) }.all(on: db)
    try await db.transaction { tx in
        _ = try await MonitoredAccount.filter { $0.owner == "owner1" }.count(on: tx)
    }
    monitor.detach(from: db)
    _ = try await MonitoredAccount.get(on: db, id: ids[0])

    let statistics = monitor.statistics()
    let gets = try #require(statistics.first { $0.count == 25 }, "one shape for the 25 gets")
    let lists = try #require(statistics.first { $0.rowsReturned == 10 }, "one shape for both IN lists")

    #expect(three.count == 3 && seven.count == 7)
    #expect(gets.shape.operation == "select")
    #expect(gets.rowsReturned == 25)
    #expect(gets.errors == 0)
    #expect(gets.p50 <= gets.p95 && gets.p95 <= gets.p99 && gets.p99 <= gets.max)
    #expect(gets.mean > .zero && gets.max >= gets.mean)
    #expect(lists.count == 2)
    #expect(lists.shape.text.contains("?…"))
    #expect(statistics.contains { $0.shape.operation == "insert" && $0.rowsChanged + $0.rowsReturned >= 30 })
    #expect(statistics.contains { $0.shape.operation == "begin" } && statistics.contains { $0.shape.operation == "commit" },
            "statements inside a transaction are seen too")
    #expect(!statistics.contains { $0.shape.text.contains(secret) || $0.shape.text.contains("owner1") },
            "no bind value is kept")
    #expect(monitor.statementCount == statistics.reduce(0) { $0 + $1.count })
    #expect(monitor.statistics(for: gets.shape.text)?.count == 25, "no statement counted after detaching")
    #expect(statistics.map(\.total) == statistics.map(\.total).sorted(by: >), "most time-consuming first")
}

private func slowScenario(_ db: Database) async throws {
    let seen = Mutex<[SlowQuery]>([])
    let logs = CapturedLogs()
    let monitor = QueryMonitor(
        slowQueryThreshold: .milliseconds(150), logger: logs.logger(level: .info), metrics: nil
    ) { slow in seen.withLock { $0.append(slow) } }
    monitor.attach(to: db)
    let slowSQL: SQL = db.dialect.name == "sqlite"
        ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c"
        : "SELECT pg_sleep(0.3)"
    _ = try await db.fetchAll(slowSQL)
    await #expect(throws: QuarryError.self) { try await db.execute("SELECT * FROM no_such_table_here") }

    let slow = seen.withLock { $0 }
    let failed = try #require(monitor.statistics().first { $0.shape.text.contains("no_such_table_here") })
    #expect(slow.contains { $0.sql.contains("WITH RECURSIVE") || $0.sql.contains("pg_sleep") })
    #expect(slow.allSatisfy { $0.duration >= .milliseconds(150) })
    #expect(monitor.recentSlowQueries.count == slow.count)
    #expect(logs.entries.contains { $0.message.contains("slow query") })
    #expect(failed.errors == 1 && failed.count == 1)
}

private func metricsScenario(_ db: Database) async throws {
    let metrics = TestMetrics()
    let monitor = QueryMonitor(slowQueryThreshold: .seconds(60), label: "main", metrics: metrics)
    try await db.createTables(MonitoredAccount.self)
    monitor.attach(to: db)
    let saved = try await MonitoredAccount(owner: "ada", secret: "x").insert(on: db)
    for _ in 0..<4 { _ = try await MonitoredAccount.get(on: db, id: saved.id!) }
    await #expect(throws: QuarryError.self) { try await db.execute("SELECT * FROM no_such_table_here") }

    let selects = try metrics.expectTimer("quarry_query_duration", [("database", "main"), ("operation", "select")])
    let inserts = try metrics.expectTimer("quarry_query_duration", [("database", "main"), ("operation", "insert")])
    let errors = try metrics.expectCounter("quarry_query_errors_total", [("database", "main"), ("operation", "select")])
    let rows = try metrics.expectRecorder("quarry_query_rows", [("database", "main"), ("operation", "select")])
    #expect(selects.values.count == 5)
    #expect(selects.values.allSatisfy { $0 > 0 })
    #expect(inserts.values.count == 1)
    #expect(errors.totalValue == 1)
    #expect(rows.values.filter { $0 == 1 }.count == 4)
}

private func scopedScenario(_ db: Database) async throws {
    try await createBlog(db)
    let ada = try await Blogger(name: "Ada").insert(on: db)
    try await BlogEntry.insert((0..<3).map { BlogEntry(bloggerID: ada.id!, title: "t\($0)") }, on: db)
    let (loaded, events) = try await StatementObservation.collecting {
        try await Blogger.query.prefetch(\.entries).all(on: db)
    }
    let (_, outside) = await StatementObservation.collecting { () }
    let (inner, outerEvents) = try await StatementObservation.collecting {
        try await StatementObservation.collecting { try await Blogger.query.count(on: db) }
    }

    #expect(loaded.first?.entries?.count == 3)
    #expect(events.count == 2, "the bloggers, then their entries")
    #expect(events.map(\.rowsReturned) == [1, 3])
    #expect(events.allSatisfy { $0.error == nil && $0.isReadOnly == true && $0.dialect == db.dialect.name })
    #expect(outside.isEmpty)
    #expect(inner.events.count == 1 && outerEvents.count == 1, "both scopes see the statement")
}

/// Loads each entry's blogger one by one: the pattern the detector exists for.
private func loadBloggersOneByOne(_ entries: [BlogEntry], on db: Database) async throws -> [String] {
    var names: [String] = []
    for entry in entries { names.append(try await Blogger.get(on: db, id: entry.bloggerID).name) }
    return names
}

private func nPlusOneScenario(_ db: Database) async throws {
    try await createBlog(db)
    let bloggers = try await Blogger.insert((0..<12).map { Blogger(name: "b\($0)") }, on: db)
    try await BlogEntry.insert(bloggers.map { BlogEntry(bloggerID: $0.id!, title: "\($0.name)-entry") }, on: db)
    let reported = Mutex<[NPlusOneReport]>([])
    let logs = CapturedLogs()
    let detector = NPlusOneDetector(threshold: 10, logger: logs.logger(level: .info)) { report in
        reported.withLock { $0.append(report) }
    }

    let (names, reports) = try await detector.tracking {
        try await loadBloggersOneByOne(try await BlogEntry.query.all(on: db), on: db)
    }
    let (_, prefetched) = try await detector.tracking {
        try await BlogEntry.query.prefetch(\.blogger).all(on: db)
    }
    let (_, underThreshold) = try await detector.tracking {
        try await loadBloggersOneByOne(try await BlogEntry.query.limit(10).all(on: db), on: db)
    }
    let (_, inTransactions) = try await detector.tracking {
        for _ in 0..<12 { try await db.transaction { tx in _ = try await Blogger.query.first(on: tx) } }
    }
    let failing = NPlusOneDetector(threshold: 3, action: .fail, logger: logs.logger(level: .critical))
    let error = await #expect(throws: NPlusOneError.self) {
        try await failing.track { try await loadBloggersOneByOne(try await BlogEntry.query.all(on: db), on: db) }
    }

    let report = try #require(reports.first)
    #expect(names.count == 12)
    #expect(reports.count == 1, "reported once")
    #expect(report.count == 12)
    #expect(report.shape.operation == "select")
    #expect(report.callSite?.function.contains("loadBloggersOneByOne") == true, "call site: \(String(describing: report.callSite))")
    #expect(report.callSite?.file?.hasSuffix("MonitoringTests.swift") == true)
    #expect(prefetched.isEmpty)
    #expect(underThreshold.isEmpty)
    #expect(inTransactions.count == 1, "BEGIN and COMMIT never count; the SELECT does")
    #expect(reported.withLock { $0.count } == 2)
    #expect(logs.entries.contains { $0.message.contains("N+1") })
    #expect(error?.reports.first?.count == 12)
}

private func poolScenario(_ db: Database) async throws {
    let alerts = Mutex<[PoolAlert]>([])
    let metrics = TestMetrics()
    let logs = CapturedLogs()
    // The default threshold (0.9): a pool of one connection, like SQLite's
    // writer, is saturated only by waiting tasks, not by every checkout.
    let monitor = PoolMonitor(historyLimit: 2, label: "main", logger: logs.logger(level: .info),
                              metrics: metrics) { alert in alerts.withLock { $0.append(alert) } }
    monitor.attach(to: db)
    let pool = try #require(db.driver.pools.first, "sessions use the first pool (writer on SQLite)")

    // A second session waits for the only connection until it times out.
    let timedOut: Bool = try await db.session { _ in
        do {
            try await db.session { _ in }
            return false
        } catch QuarryError.poolExhausted {
            return true
        }
    }
    // A second session waits until the first returns the connection.
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await db.session { _ in
                while pool.statistics.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await db.session { _ in }
        try await group.waitForAll()
    }
    // A non-blocking call, to catch returns observed late.
    try await db.session { _ in }
    for _ in 0..<3 { monitor.sample() }

    let report = try #require(monitor.report(for: pool.name))
    let kinds = alerts.withLock { $0.map(\.kind) }
    #expect(timedOut)
    #expect(report.timeouts == 1)
    #expect(report.checkoutErrors == 0)
    #expect(report.checkouts >= 4)
    #expect(report.checkoutWait.max >= .milliseconds(100), "the second session waited for the first")
    #expect(report.peakInUse == 1)
    #expect(!report.isSaturated)
    #expect(kinds == [.saturated, .recovered, .saturated, .recovered], "one alert per episode")
    #expect(logs.entries.contains { $0.message.contains("connection pool saturated") })
    #expect(monitor.history(of: pool.name).count == 2, "bounded by historyLimit")
    #expect(monitor.history(of: pool.name).allSatisfy { $0.statistics.waiting == 0 })
    let dimensions = [("database", "main"), ("pool", pool.name)]
    #expect(try metrics.expectCounter("quarry_pool_checkout_timeouts_total", dimensions).totalValue == 1)
    #expect(try metrics.expectTimer("quarry_pool_checkout_wait", dimensions).values.contains { $0 >= 100_000_000 })
    #expect(try metrics.expectMeter("quarry_pool_connections_in_use", dimensions).lastValue == 0)
}
