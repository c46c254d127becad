import Foundation
import Quarry
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "ledgers")
struct Ledger: TenantScoped, SoftDeletable {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    var name: String
    var deletedAt: Date?
    @HasMany(\LedgerLine.ledgerID) var lines: [LedgerLine]?
}

@Model(table: "ledger_lines")
struct LedgerLine: TenantScoped {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    @Column(.references(Ledger.self, onDelete: .cascade)) var ledgerID: Int64
    var amount: Int
    @BelongsTo(\LedgerLine.ledgerID) var ledger: Ledger?
}

@Model(table: "memos")
struct Memo: SoftDeletable {
    @ID var id: Int64?
    var text: String
    var deletedAt: Date?
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Mixins: tenants and soft delete")
struct MixinScopeTests {
    @Test("a tenant never sees or changes another tenant's rows, through every API", arguments: TestDatabase.all)
    func tenants(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), tenantScenario)
    }

    @Test("soft delete marks, hides, restores and force-deletes", arguments: TestDatabase.all)
    func softDelete(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), softDeleteScenario)
    }
}

private func seedTenant(_ tenant: String, _ db: Database) async throws -> Ledger {
    try await TenantContext.withTenant(tenant) {
        let ledger = try await Ledger(name: "\(tenant)-main").insert(on: db)
        try await LedgerLine.insert([
            LedgerLine(ledgerID: ledger.id!, amount: 10), LedgerLine(ledgerID: ledger.id!, amount: 20),
        ], on: db)
        return ledger
    }
}

private func tenantScenario(_ db: Database) async throws {
    try await db.createTables(Ledger.self, LedgerLine.self)
    let acme = try await seedTenant("acme", db)
    let globex = try await seedTenant("globex", db)

    let view = try await TenantContext.withTenant("acme") { () async throws -> [String] in
        var seen: [String] = []
        seen.append("all=\(try await Ledger.query.all(on: db).map(\.name))")
        seen.append("count=\(try await LedgerLine.query.count(on: db))")
        seen.append("static count=\(try await LedgerLine.count(on: db))")
        seen.append("find other=\(try await Ledger.find(on: db, id: globex.id!) == nil)")
        seen.append("exists other=\(try await Ledger.exists(on: db, id: globex.id!))")
        let prefetched = try await Ledger.query.prefetch(\.lines).all(on: db)
        seen.append("prefetch=\(prefetched.flatMap { $0.lines ?? [] }.map(\.amount))")
        let lines = try await LedgerLine.query.prefetch(\.ledger).all(on: db)
        seen.append("belongs=\(Set(lines.compactMap { $0.ledger?.name }))")
        seen.append("filter=\(try await Ledger.filter { $0.lines.any { $0.amount > 5 } }.count(on: db))")
        seen.append("bulk update=\(try await LedgerLine.query.update(on: db) { [$0.amount.set(to: 1)] })")
        var stolen = globex
        stolen.name = "stolen"
        do {
            _ = try await stolen.update(on: db)
            seen.append("update other=written")
        } catch QuarryError.notFound {
            seen.append("update other=refused")
        }
        do {
            try await globex.forceDelete(on: db)
            seen.append("delete other=written")
        } catch QuarryError.notFound {
            seen.append("delete other=refused")
        }
        seen.append("bulk delete=\(try await LedgerLine.query.delete(on: db))")
        return seen
    }
    let globexView = try await TenantContext.withTenant("globex") {
        (try await Ledger.query.all(on: db).map(\.name), try await LedgerLine.query.all(on: db).map(\.amount))
    }
    let stamped = try await TenantContext.withTenant("acme") { try await Ledger(tenantID: "globex", name: "sneaky").insert(on: db) }
    var noTenant: QuarryError?
    do { _ = try await Ledger.query.all(on: db) } catch let error as QuarryError { noTenant = error }
    var noTenantInsert: QuarryError?
    do { _ = try await Ledger(name: "orphan").insert(on: db) } catch let error as QuarryError { noTenantInsert = error }
    var noTenantFilter: QuarryError?
    do {
        _ = try await TenantContext.withTenant("acme") { () async throws -> Int in
            try await TenantContext.$current.withValue(nil) { try await Ledger.filter { $0.lines.isEmpty }.count(on: db) }
        }
    } catch let error as QuarryError { noTenantFilter = error }
    let total = try await Ledger.query.unscoped().count(on: db)

    #expect(view == [
        "all=[\"acme-main\"]", "count=2", "static count=2", "find other=true", "exists other=false",
        "prefetch=[10, 20]", "belongs=[\"acme-main\"]", "filter=1", "bulk update=2", "update other=refused",
        "delete other=refused", "bulk delete=2",
    ])
    #expect(globexView.0 == ["globex-main"] && globexView.1 == [10, 20], "globex's rows are untouched")
    #expect(stamped.tenantID == "acme", "inserts stamp the current tenant")
    guard case .misuse? = noTenant, case .misuse? = noTenantInsert, case .misuse? = noTenantFilter else {
        Issue.record("expected misuse without a tenant, got \(String(describing: noTenant)), \(String(describing: noTenantInsert)), \(String(describing: noTenantFilter))")
        return
    }
    #expect(total == 3)
    _ = acme
}

private func softDeleteScenario(_ db: Database) async throws {
    try await db.createTables(Memo.self)
    let memos = try await Memo.insert(["a", "b", "c"].map { Memo(text: $0) }, on: db)
    try await memos[0].delete(on: db)
    let bulk = try await Memo.filter { $0.text == "b" }.delete(on: db)
    let visible = try await Memo.query.all(on: db).map(\.text)
    let everything = try await Memo.query.withDeleted().order { $0.text }.all(on: db)
    let bin = try await Memo.query.onlyDeleted().order { $0.text }.all(on: db).map(\.text)
    let hidden = try await Memo.find(on: db, id: memos[0].id!)
    let restored = try await everything[0].restore(on: db)
    try await everything[1].forceDelete(on: db)
    let after = try await Memo.query.withDeleted().order { $0.text }.all(on: db).map(\.text)
    let rawCount = try await db.fetchValue(Int.self, "SELECT count(*) FROM memos")

    #expect(bulk == 1)
    #expect(visible == ["c"])
    #expect(everything.map(\.text) == ["a", "b", "c"] && everything[0].deletedAt != nil)
    #expect(bin == ["a", "b"])
    #expect(hidden == nil)
    #expect(restored.deletedAt == nil && restored.text == "a")
    #expect(after == ["a", "c"])
    #expect(rawCount == 2)
}
