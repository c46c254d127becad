import Foundation
import Quarry
import QuarryCache
import QuarryTesting
import Synchronization
import Testing

@Model(table: "cached_authors")
struct CachedAuthor {
    @ID var id: Int64?
    var name: String
    var karma: Int = 0
    @HasMany(\CachedPost.authorID) var posts: [CachedPost]?
}

@Model(table: "cached_posts")
struct CachedPost {
    @ID var id: Int64?
    @Column(.references(CachedAuthor.self, onDelete: .cascade)) var authorID: Int64
    var title: String
    @BelongsTo var author: CachedAuthor?
}

@Model(table: "cached_samples")
struct CachedSample {
    @ID var id: Int64?
    var digest: [UInt8]
    var takenAt: Date
}

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let now = Mutex(ContinuousClock.now)
    var read: @Sendable () -> ContinuousClock.Instant { { self.now.withLock { $0 } } }
    func advance(_ duration: Duration) { now.withLock { $0 += duration } }
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryCache: the memory cache and cached queries")
struct CacheTests {
    @Test("least recently used entries go first, within the entry and byte bounds; TTL expires; tags invalidate")
    func memoryCache() async throws {
        let clock = ManualClock()
        let cache = QueryCache(maxEntries: 3, maxBytes: 10_000, defaultTTL: .seconds(10), clock: clock.read)
        let row = CachedRows(rows: [[.int(1), .text("x")]])
        for key in ["a", "b", "c"] { await cache.store(row, forKey: key, ttl: nil, tags: ["t_\(key)"]) }
        _ = await cache.rows(forKey: "a")                       // a is now the most recent
        await cache.store(row, forKey: "d", ttl: .seconds(1), tags: ["t_d", "shared"])
        let afterEviction = await (cache.rows(forKey: "a"), cache.rows(forKey: "b"), cache.rows(forKey: "c"))
        clock.advance(.seconds(2))
        let expired = await cache.rows(forKey: "d")
        await cache.store(row, forKey: "e", ttl: nil, tags: ["shared"])
        await cache.invalidate(tags: ["shared", "t_c"])
        let invalidated = await (cache.rows(forKey: "e"), cache.rows(forKey: "c"), cache.rows(forKey: "a"))
        let big = CachedRows(rows: [[.text(String(repeating: "z", count: 6_000))]])
        await cache.store(big, forKey: "big1", ttl: nil, tags: [])
        await cache.store(big, forKey: "big2", ttl: nil, tags: [])
        let bytes = await (cache.rows(forKey: "big1"), cache.rows(forKey: "big2"))
        let statistics = cache.statistics

        #expect(afterEviction.0 == row && afterEviction.1 == nil && afterEviction.2 == row, "b was the least recent")
        #expect(expired == nil)
        #expect(invalidated.0 == nil && invalidated.1 == nil && invalidated.2 == row)
        #expect(bytes.0 == nil && bytes.1 == big, "the byte bound evicted the older big entry")
        #expect(statistics.evictions == 3 && statistics.expirations == 1 && statistics.invalidations == 2)
        #expect(statistics.hits == 5 && statistics.misses == 5)
        #expect(statistics.bytes <= 10_000 && statistics.entries == 1)
    }

    @Test("values that differ by a blob's bytes or a millisecond are different cache keys", arguments: TestDatabase.all)
    func exactKeys(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), exactKeyScenario)
    }

    @Test("a cached query reads once, keys by its values, and a committed write to any table it reads drops it",
          arguments: TestDatabase.all)
    func cachedQueries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), cachedQueryScenario)
    }

    @Test("100 concurrent misses of one key load once; get by key is cached, a missing row is not",
          arguments: TestDatabase.all)
    func stampede(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), stampedeScenario)
    }
}

private func cachedQueryScenario(_ shared: Database) async throws {
    // A bus of its own: table changes of parallel tests stay out.
    let db = Database(driver: shared.driver, signals: Signals())
    try await db.createTables(CachedAuthor.self, CachedPost.self)
    let ada = try await CachedAuthor(name: "Ada", karma: 5).insert(on: db)
    try await CachedPost(authorID: ada.id!, title: "Engines").insert(on: db)
    let cache = QueryCache()
    let invalidation = cache.invalidate(onWritesTo: db)
    defer { invalidation.cancel() }
    let popular = { (minimum: Int) in CachedAuthor.filter { $0.karma >= minimum }.order { $0.name }.cached(in: cache) }
    let byPostTitle = CachedAuthor.filter { $0.posts.any { $0.title == "Engines" } }.cached(in: cache)

    let (first, firstStatements) = try await StatementCounter.count { try await popular(1).all(on: db) }
    let (second, secondStatements) = try await StatementCounter.count { try await popular(1).all(on: db) }
    let (_, otherValueStatements) = try await StatementCounter.count { try await popular(100).all(on: db) }
    let (withPosts, prefetchStatements) = try await StatementCounter.count {
        try await CachedAuthor.filter { $0.karma >= 1 }.order { $0.name }.prefetch(\.posts).cached(in: cache).all(on: db)
    }

    // Inside a transaction the entry stays until the commit; a rollback keeps it.
    try? await db.transaction { tx in
        try await CachedAuthor(name: "Babbage", karma: 9).insert(on: tx)
        throw CancellationError()
    }
    let (_, afterRollback) = try await StatementCounter.count { try await popular(1).all(on: db) }
    try await db.transaction { tx in try await CachedAuthor(name: "Byron", karma: 3).insert(on: tx) }
    let afterInsert = try await popular(1).all(on: db).map(\.name)
    try await CachedAuthor.filter { $0.name == "Byron" }.update(on: db) { [$0.karma.set(to: 0)] }
    let afterBulkUpdate = try await popular(1).all(on: db).map(\.name)
    let (warm, warmStatements) = try await StatementCounter.count { try await byPostTitle.all(on: db) }
    let (_, beforePostWrite) = try await StatementCounter.count { try await byPostTitle.all(on: db) }
    try await CachedPost.filter { $0.title == "Engines" }.update(on: db) { [$0.title.set(to: "Looms")] }
    let afterPostWrite = try await byPostTitle.all(on: db)

    #expect(first.map(\.name) == ["Ada"] && second.map(\.name) == ["Ada"])
    #expect(firstStatements == 1 && secondStatements == 0, "the second read is a hit")
    #expect(otherValueStatements == 1, "other bound values are another key")
    #expect(withPosts.first?.posts?.map(\.title) == ["Engines"] && prefetchStatements == 1, "rows cached, prefetch fresh")
    #expect(afterRollback == 0, "a rolled-back write invalidates nothing")
    #expect(afterInsert == ["Ada", "Byron"], "a committed insert dropped the entry")
    #expect(afterBulkUpdate == ["Ada"], "a bulk update dropped it too")
    #expect(warm.map(\.name) == ["Ada"] && warmStatements == 1 && beforePostWrite == 0)
    #expect(afterPostWrite.isEmpty, "a write to a table read through a relation filter drops the entry")
}

private func stampedeScenario(_ shared: Database) async throws {
    let db = Database(driver: shared.driver, signals: Signals())
    try await db.createTables(CachedAuthor.self, CachedPost.self)
    let ada = try await CachedAuthor(name: "Ada").insert(on: db)
    let cache = QueryCache()
    let invalidation = cache.invalidate(onWritesTo: db)
    defer { invalidation.cancel() }

    let (names, statements) = try await StatementCounter.count {
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 {
                group.addTask { try await CachedAuthor.query.order { $0.id }.cached(in: cache).first(on: db)?.name ?? "" }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
    }
    let (got, getStatements) = try await StatementCounter.count {
        (try await CachedAuthor.get(on: db, id: ada.id!, cache: cache), try await CachedAuthor.get(on: db, id: ada.id!, cache: cache))
    }
    let missing = await #expect(throws: QuarryError.self) { try await CachedAuthor.get(on: db, id: 999, cache: cache) }
    try await CachedAuthor(id: 999, name: "Late").insert(on: db)
    let late = try await CachedAuthor.get(on: db, id: 999, cache: cache)
    var renamed = ada
    renamed.name = "Countess"
    try await renamed.save(on: db)
    let fresh = try await CachedAuthor.get(on: db, id: ada.id!, cache: cache)

    #expect(names.count == 100 && Set(names) == ["Ada"])
    #expect(statements == 1, "one load for 100 concurrent misses")
    #expect(got.0.name == "Ada" && got.1.name == "Ada" && getStatements == 1)
    #expect(missing != nil)
    #expect(late.name == "Late", "a missing row was not cached")
    #expect(fresh.name == "Countess", "saving the row dropped its entry")
}

private func exactKeyScenario(_ db: Database) async throws {
    try await db.createTables(CachedSample.self)
    let noon = Date(timeIntervalSince1970: 1_700_000_000)
    let samples = try await CachedSample.insert([
        CachedSample(digest: [1, 2, 3], takenAt: noon),
        CachedSample(digest: [9, 9, 9], takenAt: noon.addingTimeInterval(0.001)),
    ], on: db)
    let cache = QueryCache()
    var byDigest: [Int64?] = []
    for digest in [[1, 2, 3], [9, 9, 9]] as [[UInt8]] {
        byDigest.append(try await CachedSample.query.filter { $0.digest == digest }.cached(in: cache).first(on: db)?.id)
    }
    var byTime: [Int64?] = []
    for takenAt in [noon, noon.addingTimeInterval(0.001)] {
        byTime.append(try await CachedSample.query.filter { $0.takenAt == takenAt }.cached(in: cache).first(on: db)?.id)
    }
    #expect(byDigest == samples.map(\.id), "two blobs of one length are two keys")
    #expect(byTime == samples.map(\.id), "two dates a millisecond apart are two keys")
}
