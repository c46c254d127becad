import Foundation
import Quarry
import QuarryTesting
import Testing

// Cases are written as functions, not closures (see ClosureReproTests).

@Suite("Query language: projections, aggregates, grouping")
struct QueryAggregateTests {
    @Test("values projects columns into typed tuples", arguments: TestDatabase.all)
    func values(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), projectionScenario)
    }

    @Test("count, count distinct, sum, avg, min, max, stddev and variance", arguments: TestDatabase.all)
    func aggregates(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), aggregateScenario)
    }

    @Test("group(by:) with having returns one typed tuple per group", arguments: TestDatabase.all)
    func grouping(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), groupingScenario)
    }
}

private func seeded(_ db: Database) async throws {
    try await db.createTables(Scientist.self)
    try await Scientist.insert(QueryFixtures.scientists, on: db)
}

private func projectionScenario(_ db: Database) async throws {
    try await seeded(db)
    let query = Scientist.filter { $0.age > 70 }.order { $0.age }
    let pairs = try await query.values(\.name, \.age, on: db)
    let nicknames = try await Scientist.query.order { $0.id }.values(\.nickname, on: db)
    let raw = try await db.fetchTuples("SELECT name, age FROM people WHERE age < \(40)", as: String.self, Int.self)
    #expect(pairs.map(\.0) == ["Edsger", "Grace"] && pairs.map(\.1) == [72, 85])
    #expect(nicknames.map(\.self) == ["Countess", nil, "Amazing", "under_score", nil])
    #expect(raw.count == 1 && raw[0].0 == "Ada" && raw[0].1 == 36)
}

private func aggregateScenario(_ db: Database) async throws {
    try await seeded(db)
    let stats = try await Scientist.query.aggregate(on: db) {
        ($0.id.count(), $0.bonus.count(), $0.age.sum(), $0.age.avg(), $0.age.min(), $0.age.max())
    }
    let spread = try await Scientist.query.aggregate(on: db) { ($0.age.stddev(), $0.age.variance(), $0.name.countDistinct()) }
    let empty = try await Scientist.filter { $0.age > 1000 }.aggregate(on: db) { ($0.age.sum(), $0.age.avg(), $0.age.stddev()) }
    let single = try await Scientist.filter { $0.age == 36 }.aggregate(on: db) { ($0.age.variance(), $0.bonus.sum()) }
    let (rows, bonuses, total, average, youngest, oldest) = try #require(stats.first)
    #expect(rows == 5 && bonuses == 4 && total == 288 && youngest == 36 && oldest == 85)
    #expect(abs((average ?? 0) - 57.6) < 1e-9)
    let (stddev, variance, distinctNames) = try #require(spread.first)
    #expect(abs((variance ?? 0) - 428.3) < 1e-9)
    #expect(abs((stddev ?? 0) - 428.3.squareRoot()) < 1e-9)
    #expect(distinctNames == 5)
    let (noSum, noAverage, noSpread) = try #require(empty.first)
    #expect(noSum == nil && noAverage == nil && noSpread == nil)
    let (oneVariance, oneBonus) = try #require(single.first)
    #expect(oneVariance == nil, "the sample variance of one value is NULL on both databases")
    #expect(oneBonus == 10)
}

private func groupingScenario(_ db: Database) async throws {
    try await seeded(db)
    let byAge = try await Scientist.query.group { $0.age > 50 }.aggregate(on: db) { ($0.age > 50, $0.id.count(), $0.age.max()) }
    let crowded = try await Scientist.query.group { $0.age > 50 }.having { $0.id.count() > 2 }
        .aggregate(on: db) { ($0.age > 50, $0.id.count()) }
    let sortedGroups = byAge.sorted { !$0.0 && $1.0 }
    #expect(sortedGroups.map(\.0) == [false, true])
    #expect(sortedGroups.map(\.1) == [2, 3])
    #expect(sortedGroups.map(\.2) == [41, 85])
    #expect(crowded.count == 1 && crowded[0].0 == true && crowded[0].1 == 3)
}
