import Foundation
import Quarry
import QuarryPostgres
import QuarryResilience
import QuarrySQLite
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryResilience: read replicas")
struct ReplicaTests {
    @Test("reads go to the replica; writes, raw SQL, transactions and onPrimary to the primary",
          arguments: TestDatabase.all)
    func routing(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init()) { primary in
            try await withReplica(of: database) { replica, _ in try await routingScenario(primary, replica) }
        }
    }

    @Test("a stopped replica is skipped (reads go to the primary, no error) and used again once it answers",
          .enabled(if: TestPostgres.isAvailable))
    func failover() async throws {
        try await TestDatabase.postgres.withDatabase(.init()) { primary in
            try await withReplica(of: .postgres) { replica, server in
                try await failoverScenario(primary, replica, try #require(server))
            }
        }
    }
}

@Model(table: "replica_notes")
struct ReplicaNote {
    @ID var id: Int64?
    var text: String
}

/// A second database for the replica: another SQLite file, or a private
/// PostgreSQL server (the test feeds it; no streaming replication).
private func withReplica(
    of database: TestDatabase, _ body: (Database, TestPostgres.Server?) async throws -> Void
) async throws {
    switch database {
    case .sqlite:
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-replica-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let replica = try await Database.sqlite(.file(folder.appendingPathComponent("replica.sqlite").path))
        do { try await body(replica, nil) } catch {
            await replica.close()
            throw error
        }
        await replica.close()
    case .postgres:
        try await TestPostgres.withServer { server in
            let replica = try await Database.postgres(url: server.url)
            do { try await body(replica, server) } catch {
                await replica.close()
                throw error
            }
            await replica.close()
        }
    }
}

private func seed(_ primary: Database, _ replica: Database) async throws {
    try await primary.createTables(ReplicaNote.self)
    try await replica.createTables(ReplicaNote.self)
    try await ReplicaNote(text: "on the primary").insert(on: primary)
    try await ReplicaNote(text: "on the replica").insert(on: replica)
}

private func routingScenario(_ primary: Database, _ replica: Database) async throws {
    try await seed(primary, replica)
    let db = try Database.replicated(primary: primary, replicas: [replica])

    let read = try await ReplicaNote.query.all(on: db).map(\.text)
    let got = try await ReplicaNote.get(on: db, id: 1).text
    let counted = try await ReplicaNote.query.count(on: db)
    let created = try await ReplicaNote(text: "written").insert(on: db)
    let onPrimary = try await db.onPrimary { try await ReplicaNote.query.order { $0.id }.all(on: db).map(\.text) }
    let inTransaction = try await db.transaction { tx in try await ReplicaNote.query.count(on: tx) }
    let raw = try await db.fetchValues(String.self, "SELECT text FROM replica_notes ORDER BY id")
    let primaryRows = try await ReplicaNote.query.order { $0.id }.all(on: primary).map(\.text)
    let replicaRows = try await ReplicaNote.query.all(on: replica).map(\.text)

    #expect(read == ["on the replica"])
    #expect(got == "on the replica")
    #expect(counted == 1)
    #expect(created.id == 2, "the insert ran on the primary (its second row)")
    #expect(primaryRows == ["on the primary", "written"])
    #expect(replicaRows == ["on the replica"])
    #expect(onPrimary == ["on the primary", "written"])
    #expect(inTransaction == 2, "a transaction reads the primary")
    #expect(raw == ["on the primary", "written"], "raw SQL may write: the primary")
    if primary.dialect.name == "postgresql" {
        let sqlite = try await Database.sqlite(.memory)
        let mismatch = #expect(throws: QuarryError.self) { try Database.replicated(primary: primary, replicas: [sqlite]) }
        #expect("\(mismatch.map { "\($0)" } ?? "")".contains("replicas[0]"), "the error names the argument")
        await sqlite.close()
    }
}

private func failoverScenario(_ primary: Database, _ replica: Database, _ server: TestPostgres.Server) async throws {
    try await seed(primary, replica)
    let db = try Database.replicated(primary: primary, replicas: [replica], recheckAfter: .milliseconds(300))
    let driver = try #require(db.driver as? ReplicatedDriver)

    let before = try await ReplicaNote.query.all(on: db).map(\.text)
    try await server.stop(.fast)
    let whileDown = try await ReplicaNote.query.all(on: db).map(\.text)
    let healthDown = driver.health
    let stillDown = try await ReplicaNote.query.count(on: db)
    try await server.start()
    try await Task.sleep(for: .milliseconds(400))
    let after = try await ReplicaNote.query.all(on: db).map(\.text)

    #expect(before == ["on the replica"])
    #expect(whileDown == ["on the primary"], "the read moved to the primary without an error")
    #expect(healthDown.replicasInUse == [false])
    #expect(stillDown == 1)
    #expect(after == ["on the replica"], "back on the replica once it answers")
    #expect(driver.health.replicasInUse == [true])
}
