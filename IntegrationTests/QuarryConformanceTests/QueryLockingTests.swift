import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite
import QuarryTesting
import Testing

@Model(table: "jobs")
struct Job {
    @ID var id: Int64?
    var name: String
}

@Suite("Query language: row locking")
struct QueryLockingTests {
    @Test("forUpdate(skipLocked:) skips rows another transaction holds; noWait fails at once")
    func postgresLocks() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 4), lockingScenario)
    }

    @Test("FOR UPDATE is PostgreSQL's; SQLite locks the database in BEGIN IMMEDIATE instead")
    func compiledClauses() throws {
        let query = Job.query.order { $0.id }.forUpdate(skipLocked: true)
        #expect(try query.sql(for: PostgresDialect()).text.hasSuffix("FOR UPDATE SKIP LOCKED"))
        #expect(try Job.query.forUpdate(noWait: true).sql(for: PostgresDialect()).text.hasSuffix("FOR UPDATE NOWAIT"))
        #expect(try Job.query.forUpdate().sql(for: PostgresDialect()).text.hasSuffix("FOR UPDATE"))
        #expect(try query.sql(for: SQLiteDialect()).text.contains("FOR UPDATE") == false)
    }

    @Test("forUpdate inside an SQLite transaction reads the rows", arguments: [TestDatabase.sqlite])
    func sqliteForUpdate(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), sqliteScenario)
    }
}

private func sqliteScenario(_ db: Database) async throws {
    try await db.createTables(Job.self)
    try await Job.insert([Job(name: "a"), Job(name: "b")], on: db)
    let locked = try await db.transaction { tx in
        try await Job.query.order { $0.id }.forUpdate(skipLocked: true).all(on: tx)
    }
    #expect(locked.map(\.name) == ["a", "b"])
}

private func lockingScenario(_ db: Database) async throws {
    try await db.createTables(Job.self)
    try await Job.insert([Job(name: "first"), Job(name: "second")], on: db)
    let (release, released) = AsyncStream<Void>.makeStream()
    let (held, heldSignal) = AsyncStream<Void>.makeStream()
    let holder = Task {
        try await db.transaction { tx in
            let job = try await Job.query.order { $0.id }.forUpdate().first(on: tx)
            #expect(job?.name == "first")
            heldSignal.finish()
            for await _ in release {}
        }
    }
    for await _ in held {}
    let skipping = try await db.transaction { tx in
        try await Job.query.order { $0.id }.forUpdate(skipLocked: true).first(on: tx)
    }
    let noWait: Result<Job?, any Error> = await {
        do {
            return .success(try await db.transaction { tx in
                try await Job.filter { $0.name == "first" }.forUpdate(noWait: true).first(on: tx)
            })
        } catch {
            return .failure(error)
        }
    }()
    released.finish()
    try await holder.value
    #expect(skipping?.name == "second")
    guard case .failure(QuarryError.timeout(let info)) = noWait else {
        Issue.record("expected timeout, got \(noWait)")
        return
    }
    #expect(info.sqlState == "55P03")
}
