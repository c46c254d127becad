import Foundation
import Quarry
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "customers")
struct Customer: Audited {
    @ID var id: Int64?
    var email: String
    var passwordHash: String
    var plan: String = "free"

    static let auditExcludedColumns: Set<String> = ["password_hash"]
}

private struct Rollback: Error {}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Mixins: audit log")
struct AuditTests {
    @Test("creates, updates and deletes write audit rows with only the changed, non-excluded fields", arguments: TestDatabase.all)
    func audit(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), auditScenario)
    }
}

private func auditScenario(_ db: Database) async throws {
    try await db.createTables(Customer.self, AuditEntry.self)
    let created = try await AuditContext.withActor("ada", requestID: "req-1") {
        try await Customer(email: "c@x.io", passwordHash: "secret").insert(on: db)
    }
    var loaded = try await Customer.get(on: db, id: created.id!)
    loaded.plan = "pro"
    loaded.passwordHash = "changed"
    loaded = try await AuditContext.withActor("grace") { try await loaded.save(on: db) }
    do {
        try await db.transaction { tx in
            var doomed = try await Customer.get(on: tx, id: created.id!)
            doomed.plan = "enterprise"
            _ = try await doomed.save(on: tx)
            throw Rollback()
        }
    } catch is Rollback {}
    try await Customer.filter { $0.plan == "pro" }.update(on: db) { [$0.plan.set(to: "team")] }
    try await loaded.delete(on: db)
    let history = try await Customer.auditHistory(on: db, key: created.id!)
    let serialized = try history.map { try $0.changes.serialized() }.joined()

    #expect(history.map(\.action) == ["created", "updated", "updated", "deleted"], "the rolled-back change left no row")
    #expect(history.map(\.actor) == ["ada", "grace", nil, nil])
    #expect(history.first?.requestID == "req-1")
    #expect(history[1].changes == .object(["plan": .object(["before": .string("free"), "after": .string("pro")])]),
            "only the changed field, and never the password hash")
    #expect(history[2].changes == .object(["plan": .object(["before": .string("pro"), "after": .string("team")])]),
            "bulk updates are audited row by row")
    #expect(!serialized.contains("secret") && !serialized.contains("password"))
    #expect(history.allSatisfy { $0.tableName == "customers" && $0.rowKey == "\(created.id!)" })
}
