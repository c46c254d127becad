import Foundation
import Quarry
import QuarryCache
@testable import QuarryRedis
import QuarryTesting
import Synchronization
import Testing

/// A configuration for the suite's Redis with a namespace of the test's own.
private func redisCache(url: String? = nil, onAvailabilityChange: (@Sendable (Bool) -> Void)? = nil) throws -> DistributedCache {
    try DistributedCache(
        configuration: RedisConfiguration(
            url: url ?? TestRedis.url(), connectTimeout: .milliseconds(500), commandTimeout: .milliseconds(500)),
        namespace: "quarry-test-\(UUID().uuidString.prefix(8))", onAvailabilityChange: onAvailabilityChange)
}

/// Waits until `condition` holds, for up to five seconds.
private func eventually(_ condition: @Sendable () async -> Bool) async throws -> Bool {
    for _ in 0..<250 {
        if await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryRedis: the distributed and hybrid caches")
struct RedisCacheTests {
    @Test("entries, TTL, tags and pipelined batches; every value kind round-trips; AUTH and the database index are used")
    func basics() async throws {
        let cache = try redisCache()
        let row: [SQLValue] = [
            .null, .int(-42), .int(Int64.max), .double(-0.5), .text("héllo\u{0}"), .blob([0, 255, 7]), .bool(true),
            .date(Date(timeIntervalSince1970: 1_700_000_000.123456)), .uuid(UUID()), .decimal(Decimal(string: "12.345")!),
            .json(["a": [1, 2]]),
        ]
        let rows = CachedRows(rows: [row, [.int(1)]])
        await cache.store(rows, forKey: "all-kinds", ttl: nil, tags: ["t1"])
        await cache.store(rows, forKey: "short", ttl: .milliseconds(100), tags: ["t2"])
        await cache.batchSet(["b1": rows, "b2": rows, "b3": rows], ttl: nil, tags: ["t3"])
        let stored = await cache.rows(forKey: "all-kinds")
        let batch = await cache.batchGet(["b1", "b2", "b3", "missing"])
        try await Task.sleep(for: .milliseconds(250))
        let expired = await cache.rows(forKey: "short")
        await cache.batchDelete(["b1"])
        await cache.invalidate(tags: ["t1"])
        let afterInvalidation = await cache.batchGet(["all-kinds", "b1", "b2"])
        await cache.invalidate(tags: ["t3"])
        let afterTag = await cache.batchGet(["b2", "b3"])

        #expect(stored == rows, "every value kind comes back as stored")
        #expect(Set(batch.keys) == ["b1", "b2", "b3"])
        #expect(expired == nil)
        #expect(Set(afterInvalidation.keys) == ["b2"])
        #expect(afterTag.isEmpty)
        #expect(cache.isAvailable)
        await cache.close()

        // The database index of the URL is selected; a password is sent with AUTH.
        let url = try TestRedis.url()
        let three = try redisCache(url: url + "/3")
        await three.store(rows, forKey: "in-three", ttl: nil, tags: [])
        let raw = try await RedisConnection.connect(RedisConfiguration(url: url))
        let inZero = try await raw.send(["EXISTS", three.entryKey("in-three")])
        _ = try await raw.send(["SELECT", "3"])
        let inThree = try await raw.send(["EXISTS", three.entryKey("in-three")])
        await raw.close()
        await three.close()
        let wrongPassword = url.replacingOccurrences(of: "redis://", with: "redis://:nope@")
        await #expect(throws: RedisError.self) { try await RedisConnection.connect(RedisConfiguration(url: wrongPassword)) }
        #expect(inZero == .integer(0) && inThree == .integer(1))
        #expect(throws: QuarryError.self) { try RedisConfiguration(url: "redis://127.0.0.1:6379/notanumber") }
    }

    @Test("a cached query in Redis reads once, and a committed write drops it", arguments: TestDatabase.all)
    func cachedQuery(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), distributedScenario)
    }

    @Test("two hybrid caches stay coherent: a write through one drops the other's L1", arguments: TestDatabase.all)
    func coherence(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), coherenceScenario)
    }

    @Test("with Redis stopped, answers come from the database; the cache recovers by itself", arguments: TestDatabase.all)
    func outage(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), outageScenario)
    }
}

private func distributedScenario(_ shared: Database) async throws {
    let db = Database(driver: shared.driver, signals: Signals())
    try await db.createTables(CachedAuthor.self, CachedPost.self)
    try await CachedAuthor(name: "Ada", karma: 5).insert(on: db)
    let cache = try redisCache()
    let invalidation = cache.invalidate(onWritesTo: db)
    defer { invalidation.cancel() }
    let query = CachedAuthor.query.order { $0.name }.cached(in: cache, ttl: .seconds(30))

    let (first, firstStatements) = try await StatementCounter.count { try await query.all(on: db) }
    let (second, secondStatements) = try await StatementCounter.count { try await query.all(on: db) }
    try await CachedAuthor(name: "Byron").insert(on: db)
    let (third, thirdStatements) = try await StatementCounter.count { try await query.all(on: db) }
    await cache.close()

    #expect(first.map(\.name) == ["Ada"] && firstStatements == 1)
    #expect(second.map(\.name) == ["Ada"] && secondStatements == 0, "served by Redis")
    #expect(third.map(\.name) == ["Ada", "Byron"] && thirdStatements == 1, "the insert dropped the entry")
}

private func coherenceScenario(_ shared: Database) async throws {
    // Two "processes": each its own database handle, event bus and hybrid cache.
    let dbA = Database(driver: shared.driver, signals: Signals())
    let dbB = Database(driver: shared.driver, signals: Signals())
    try await dbA.createTables(CachedAuthor.self, CachedPost.self)
    let ada = try await CachedAuthor(name: "Ada").insert(on: dbA)
    let remoteA = try redisCache()
    let namespace = remoteA.namespace
    let remoteB = try DistributedCache(configuration: remoteA.configuration, namespace: namespace)
    let cacheA = HybridCache(local: QueryCache(), remote: remoteA)
    let cacheB = HybridCache(local: QueryCache(), remote: remoteB)
    let invalidationA = cacheA.invalidate(onWritesTo: dbA)
    let invalidationB = cacheB.invalidate(onWritesTo: dbB)
    defer {
        invalidationA.cancel()
        invalidationB.cancel()
    }
    #expect(try await eventually { cacheA.isCoherent && cacheB.isCoherent }, "both subscribed")

    let readB: @Sendable () async throws -> String = { try await CachedAuthor.get(on: dbB, id: ada.id!, cache: cacheB).name }
    let before = try await readB()
    let (_, localHit) = try await StatementCounter.count { try await readB() }
    let localHits = cacheB.local.statistics.hits
    var renamed = ada
    renamed.name = "Countess"
    try await renamed.save(on: dbA)                         // through A only
    let coherent = try await eventually { (try? await readB()) == "Countess" }
    await cacheA.close()
    await cacheB.close()

    #expect(before == "Ada")
    #expect(localHit == 0 && localHits >= 1, "B served the row from its L1")
    #expect(coherent, "A's write reached B's L1 through pub/sub")
}

private func outageScenario(_ shared: Database) async throws {
    let db = Database(driver: shared.driver, signals: Signals())
    try await db.createTables(CachedAuthor.self, CachedPost.self)
    try await CachedAuthor(name: "Ada").insert(on: db)
    let server = try await TestRedis.Server.start()
    let changes = Mutex<[Bool]>([])
    let cache = try redisCache(url: server.url) { available in changes.withLock { $0.append(available) } }
    let invalidation = cache.invalidate(onWritesTo: db)
    defer { invalidation.cancel() }
    let names: @Sendable () async throws -> [String] = { try await CachedAuthor.query.order { $0.name }.cached(in: cache).all(on: db).map(\.name) }

    let warm = try await names()
    try await server.stop()
    let duringOutage = try await names()
    try await CachedAuthor(name: "Byron").insert(on: db)     // the invalidation cannot reach Redis
    let afterWrite = try await names()
    let degraded = !cache.isAvailable
    try await server.restart()
    let recovered = try await eventually {
        _ = try? await names()
        return cache.isAvailable
    }
    let afterRecovery = try await names()
    let (cachedAgain, statements) = try await StatementCounter.count { try await names() }
    await cache.close()
    try await server.stop()

    #expect(warm == ["Ada"])
    #expect(duringOutage == ["Ada"], "answered by the database")
    #expect(afterWrite == ["Ada", "Byron"], "the write succeeded and is read back")
    #expect(degraded)
    #expect(recovered)
    #expect(afterRecovery == ["Ada", "Byron"] && cachedAgain == ["Ada", "Byron"] && statements == 0)
    #expect(changes.withLock { $0 } == [false, true], "monitoring heard of the outage and the recovery")
}
