import Foundation
import Quarry
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "hit_counters")
struct HitCounter {
    @ID var id: Int64?
    @Column(.unique) var slug: String
    var views: Int = 0
    var label: String = ""
}

@Model(table: "wallets")
struct Wallet: OptimisticLocking, Timestamped {
    @ID var id: Int64?
    var owner: String
    var balance: Int
    var version: Int64 = 1
    var createdAt: Date?
    var updatedAt: Date?
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Mixins and utilities")
struct MixinTests {
    @Test("100 concurrent increments add exactly 100", arguments: TestDatabase.all)
    func increments(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), incrementScenario)
    }

    @Test("two concurrent optimistic updates: one wins, one is stale, nothing overwritten", arguments: TestDatabase.all)
    func optimistic(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), optimisticScenario)
    }

    @Test("upsert inserts then updates, and concurrent upserts of one key leave one row", arguments: TestDatabase.all)
    func upsert(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), upsertScenario)
    }

    @Test("bulk create, update and delete in chunks in one transaction; clone", arguments: TestDatabase.all)
    func bulk(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), bulkScenario)
    }

    @Test("conditional update, sampling, row locks, timestamps on bulk updates, serialization", arguments: TestDatabase.all)
    func utilities(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), utilitiesScenario)
    }
}

private func incrementScenario(_ db: Database) async throws {
    try await db.createTables(HitCounter.self)
    let counter = try await HitCounter(slug: "home").insert(on: db)
    let results = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<100 { group.addTask { try await HitCounter.increment(on: db, id: counter.id!, \.views) } }
        var values: [Int] = []
        for try await value in group { values.append(value) }
        return values
    }
    let stored = try await HitCounter.get(on: db, id: counter.id!)
    let down = try await stored.increment(\.views, by: -10, on: db)

    #expect(stored.views == 100)
    #expect(Set(results) == Set(1...100), "every increment saw its own new value")
    #expect(down == 90)
    var missing: QuarryError?
    do { try await HitCounter.increment(on: db, id: 999, \.views) } catch let error as QuarryError { missing = error }
    guard case .notFound(let table, _)? = missing else {
        Issue.record("expected notFound, got \(String(describing: missing))")
        return
    }
    #expect(table == "hit_counters")
}

private func optimisticScenario(_ db: Database) async throws {
    try await db.createTables(Wallet.self)
    let wallet = try await Wallet(owner: "ada", balance: 100).insert(on: db)
    var first = try await Wallet.get(on: db, id: wallet.id!)
    var second = try await Wallet.get(on: db, id: wallet.id!)
    first.balance = 70
    second.balance = 50
    async let a: Result<Wallet, any Error> = { do { return .success(try await first.save(on: db)) } catch { return .failure(error) } }()
    async let b: Result<Wallet, any Error> = { do { return .success(try await second.save(on: db)) } catch { return .failure(error) } }()
    let outcomes = await [a, b]
    let stored = try await Wallet.get(on: db, id: wallet.id!)
    let winners = outcomes.compactMap { try? $0.get() }
    let stale = outcomes.compactMap { outcome -> Int64? in
        guard case .failure(QuarryError.staleObject(_, _, let current)) = outcome else { return nil }
        return current
    }
    let bulk = try await Wallet.filter { $0.owner == "ada" }.update(on: db) { [$0.balance.set(to: 0)] }
    let afterBulk = try await Wallet.get(on: db, id: wallet.id!)

    #expect(winners.count == 1 && stale == [2], "one save wins; the other sees version 2")
    #expect(stored.balance == winners.first?.balance && stored.version == 2, "the row holds the winner's data")
    #expect(bulk == 1 && afterBulk.version == 3, "bulk updates bump the version")
    let bulkStamp = try #require(afterBulk.updatedAt)
    let storedStamp = try #require(stored.updatedAt)
    #expect(bulkStamp >= storedStamp, "and stamp updatedAt")
}

private func upsertScenario(_ db: Database) async throws {
    try await db.createTables(HitCounter.self)
    let first = try await HitCounter(slug: "a", views: 1, label: "one").upsert(on: db, conflict: [\.slug])
    let second = try await HitCounter(slug: "a", views: 5, label: "two").upsert(on: db, conflict: [\.slug], update: [\.label])
    let results = try await withThrowingTaskGroup(of: Bool.self) { group in
        for index in 0..<20 {
            group.addTask { try await HitCounter(slug: "race", views: index).upsert(on: db, conflict: [\.slug]).inserted }
        }
        var inserted: [Bool] = []
        for try await flag in group { inserted.append(flag) }
        return inserted
    }
    let rows = try await HitCounter.filter { $0.slug == "race" }.count(on: db)

    #expect(first.inserted && first.model.label == "one")
    #expect(!second.inserted && second.model.label == "two" && second.model.views == 1, "only the named column is updated")
    #expect(second.model.id == first.model.id)
    #expect(rows == 1)
    #expect(results.filter { $0 }.count == 1, "exactly one of the racing upserts inserted")
    await #expect(throws: QuarryError.self) { try await HitCounter(slug: "x").upsert(on: db, conflict: []) }
}

private func utilitiesScenario(_ db: Database) async throws {
    try await db.createTables(HitCounter.self, Wallet.self)
    let counters = try await HitCounter.insert((1...10).map { HitCounter(slug: "c\($0)", views: $0) }, on: db)
    let claimed = try await counters[0].update(on: db, where: { $0.views == 1 }, set: { [$0.label.set(to: "claimed")] })
    let missed = try await counters[0].update(on: db, where: { $0.views == 2 }, set: { [$0.label.set(to: "no")] })
    let sample = try await HitCounter.query.sample(3).all(on: db)
    let locked = try await db.transaction { tx in try await HitCounter.lockForUpdate(on: tx, id: counters[1].id!) }
    let wallet = try await Wallet(owner: "grace", balance: 5).insert(on: db)
    try await Task.sleep(for: .milliseconds(5))
    try await Wallet.filter { $0.owner == "grace" }.update(on: db) { [$0.balance.set(to: 6)] }
    let stamped = try await Wallet.get(on: db, id: wallet.id!)
    let dictionary = try stamped.toDictionary(include: ["owner", "balance", "version"], exclude: ["version"], rename: ["owner": "name"])

    #expect(claimed?.label == "claimed")
    #expect(missed == nil)
    #expect(Set(sample.map(\.slug)).count == 3)
    #expect(locked.slug == "c2")
    let after = try #require(stamped.updatedAt)
    let before = try #require(wallet.updatedAt)
    #expect(after > before, "a bulk update stamps updatedAt")
    #expect(stamped.createdAt == wallet.createdAt)
    #expect(dictionary == ["name": .string("grace"), "balance": .int(6)])
}

private func bulkScenario(_ db: Database) async throws {
    try await db.createTables(HitCounter.self)
    let (created, statements) = try await StatementCounter.count {
        try await HitCounter.insert((0..<2_500).map { HitCounter(slug: "s\($0)", views: $0) }, on: db)
    }
    var failed: QuarryError?
    do {
        try await HitCounter.insert((0..<1_500).map { HitCounter(slug: $0 == 1_400 ? "s0" : "n\($0)") }, on: db)
    } catch let error as QuarryError { failed = error }
    let afterFailure = try await HitCounter.count(on: db)
    let edited = try await HitCounter.bulkUpdate(created.prefix(3).map { var row = $0; row.label = "hot"; return row }, on: db)
    let hot = try await HitCounter.filter { $0.label == "hot" }.count(on: db)
    let removed = try await HitCounter.bulkDelete(keys: created.prefix(1_500).map { $0.id! }, on: db, batchSize: 1_000)
    let left = try await HitCounter.count(on: db)
    let original = created[2_000]
    let copy = try original.clone(resetting: [\.views]) { $0.slug = "copy" }
    let storedCopy = try await copy.save(on: db)

    // BEGIN, multi-row INSERTs as large as the bind limit allows, COMMIT — never a statement per row.
    #expect(created.count == 2_500 && statements >= 3 && statements < 10, "\(statements) statements")
    guard case .uniqueViolation? = failed else {
        Issue.record("expected a unique violation, got \(String(describing: failed))")
        return
    }
    #expect(afterFailure == 2_500, "a failing chunk writes nothing")
    #expect(edited.map(\.label) == ["hot", "hot", "hot"] && hot == 3)
    #expect(removed == 1_500 && left == 1_000)
    #expect(copy.id == nil && copy.views == 0 && copy.label == original.label)
    #expect(storedCopy.id != nil && storedCopy.id != original.id && storedCopy.slug == "copy")
}
