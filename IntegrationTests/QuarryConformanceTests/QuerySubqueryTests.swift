import Foundation
import Quarry
import QuarryTesting
import Testing

@Model(table: "writers")
struct Writer {
    @ID var id: Int64?
    var name: String
}

@Model(table: "essays")
struct Essay {
    @ID var id: Int64?
    var writerID: Int64
    var likes: Int
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Query language: subqueries")
struct QuerySubqueryTests {
    @Test("in / notIn a subquery, and correlated EXISTS / NOT EXISTS", arguments: TestDatabase.all)
    func subqueries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), subqueryScenario)
    }
}

private func subqueryScenario(_ db: Database) async throws {
    try await db.createTables(Writer.self, Essay.self)
    let writers = try await Writer.insert([Writer(name: "Ada"), Writer(name: "Alan"), Writer(name: "Grace")], on: db)
    let ada = writers[0].id!, alan = writers[1].id!
    try await Essay.insert([
        Essay(writerID: ada, likes: 150), Essay(writerID: ada, likes: 3), Essay(writerID: alan, likes: 20),
    ], on: db)

    let popular = try Essay.filter { $0.likes > 100 }.subquery(\.writerID)
    let anyEssay = try Essay.query.subquery(\.writerID)
    let hasEssays = try Condition.exists(Essay.filter { $0.writerID == Writer.columns.id })
    let hasPopular = try Condition.exists(Essay.filter { $0.writerID == Writer.columns.id && $0.likes > 10 })
    let silent = try Condition.notExists(Essay.filter { $0.writerID == Writer.columns.id })

    let popularWriters = try await Writer.filter { $0.id.in(popular) }.all(on: db).map(\.name)
    let without = try await Writer.filter { $0.id.notIn(anyEssay) }.all(on: db).map(\.name)
    let writing = try await Writer.query.filter { _ in hasEssays }.order { $0.name }.all(on: db).map(\.name)
    let liked = try await Writer.query.filter { _ in hasPopular }.order { $0.name }.all(on: db).map(\.name)
    let quiet = try await Writer.query.filter { _ in silent }.all(on: db).map(\.name)
    let (sql, binds) = try Writer.filter { $0.name != "x" }.filter { _ in hasPopular }.sql(for: db.dialect)

    #expect(popularWriters == ["Ada"])
    #expect(without == ["Grace"])
    #expect(writing == ["Ada", "Alan"])
    #expect(liked == ["Ada", "Alan"])
    #expect(quiet == ["Grace"])
    #expect(binds == [.text("x"), .int(10)], "outer and nested binds are numbered in order")
    #expect(sql.contains(#"EXISTS (SELECT 1 FROM "essays" WHERE (("essays"."writer_id" = "writers"."id")"#))
}

@Suite("Query language: annotations")
struct QueryAnnotationTests {
    @Test("annotated rows carry a scalar subquery or an expression", arguments: TestDatabase.all)
    func annotations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), annotationScenario)
    }
}

private func annotationScenario(_ db: Database) async throws {
    try await db.createTables(Writer.self, Essay.self)
    let writers = try await Writer.insert([Writer(name: "Ada"), Writer(name: "Alan"), Writer(name: "Grace")], on: db)
    try await Essay.insert([
        Essay(writerID: writers[0].id!, likes: 1), Essay(writerID: writers[0].id!, likes: 2),
        Essay(writerID: writers[1].id!, likes: 3),
    ], on: db)
    let essays = try Essay.filter { $0.writerID == Writer.columns.id }.countSubquery()
    let counted = try await Writer.query.order { $0.name }.annotated(on: db) { _ in essays }
    let prolific = try await Writer.filter { _ in essays > 1 }.all(on: db)
    let shouted = try await Writer.query.order { $0.name }.annotated(on: db) { $0.name.upper() }
    #expect(counted.map(\.0.name) == ["Ada", "Alan", "Grace"])
    #expect(counted.map(\.1) == [2, 1, 0])
    #expect(prolific.map(\.name) == ["Ada"])
    #expect(shouted.map(\.1) == ["ADA", "ALAN", "GRACE"])
}
