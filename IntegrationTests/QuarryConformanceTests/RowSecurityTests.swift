import Foundation
import Quarry
import QuarryMixins
import QuarryPostgres
import QuarryTesting
import Testing

@Model(table: "rls_invoices")
struct RLSInvoice: TenantScoped {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    var total: Int
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Mixins: tenant row-level security (PostgreSQL, opt-in)")
struct RowSecurityTests {
    @Test("raw SQL through an enforcing database sees and writes only the current tenant's rows; no tenant sees none; SQLite says it has none",
          arguments: TestDatabase.all)
    func rowSecurity(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), rowSecurityScenario)
    }

    @Test("row-level security on top of schema per tenant: both settings hold in every statement")
    func composed() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), composedScenario)
    }

    @Test("settings are checked before they reach DDL")
    func settingNames() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), settingNameScenario)
    }
}

private func composedScenario(_ db: Database) async throws {
    let perTenant = try TenantSchemas(database: db).enforcing { tenant in "tenant_\(tenant)" }
    let both = try TenantRowSecurity.enforcing(perTenant)
    let settings: SQL = "SELECT current_setting('search_path') || ' ' || current_setting('quarry.tenant')"
    let seen = try await TenantContext.withTenant("acme") {
        (try await both.fetchValue(String.self, settings), try await both.transaction { tx in try await tx.fetchValue(String.self, settings) })
    }
    #expect([seen.0, seen.1] == ["\"tenant_acme\" acme", "\"tenant_acme\" acme"])
}

private func settingNameScenario(_ db: Database) async throws {
    try await db.createTables(RLSInvoice.self)
    for bad in ["tenant", "a.b.c", "app.te'nant", "app.", ".x", "app.1x", "app.x y"] {
        let error = await #expect(throws: QuarryError.self) {
            try await db.enableRowSecurity(on: RLSInvoice.self, column: "tenant_id", matching: bad, policy: "p")
        }
        guard case .invalidArgument(name: "setting", _)? = error else {
            Issue.record("\(bad): expected invalidArgument(setting), got \(String(describing: error))")
            continue
        }
    }
    let error = await #expect(throws: QuarryError.self) {
        try await db.enableRowSecurity(on: RLSInvoice.self, column: "owner", matching: "app.tenant", policy: "p")
    }
    guard case .invalidArgument(name: "column", _)? = error else {
        Issue.record("expected invalidArgument(column), got \(String(describing: error))")
        return
    }
}

private func rowSecurityScenario(_ db: Database) async throws {
    try await db.createTables(RLSInvoice.self)
    guard db.dialect.name == "postgres" else {
        await #expect(throws: QuarryError.self) { try await TenantRowSecurity.install(for: RLSInvoice.self, on: db) }
        #expect(throws: QuarryError.self) { _ = try TenantRowSecurity.enforcing(db) }
        return
    }
    try await TenantRowSecurity.install(for: RLSInvoice.self, on: db)
    // Superusers bypass every policy: the application connects as an ordinary role.
    let schema = try #require(try await db.fetchValue(String.self, "SELECT current_schema()::text"))
    let role = "quarry_rls_" + UUID().uuidString.prefix(8).lowercased()
    try await db.execute("CREATE ROLE \(identifier: role) NOLOGIN")
    try await db.execute("GRANT USAGE ON SCHEMA \(identifier: schema) TO \(identifier: role)")
    try await db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(identifier: schema) TO \(identifier: role)")
    try await db.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(identifier: schema) TO \(identifier: role)")
    let configuration = try PostgresConfiguration(
        try TestDatabase.postgresURL(), pool: PoolConfiguration(maxConnections: 2),
        settings: ["search_path": schema, "role": role])
    let plain = try await Database.postgres(configuration)
    do {
        try await checkPolicies(plain: plain, owner: db)
    } catch {
        await plain.close()
        try await db.execute("DROP OWNED BY \(identifier: role)")
        try await db.execute("DROP ROLE \(identifier: role)")
        throw error
    }
    await plain.close()
    try await db.execute("DROP OWNED BY \(identifier: role)")
    try await db.execute("DROP ROLE \(identifier: role)")
}

private func checkPolicies(plain: Database, owner: Database) async throws {
    let app = try TenantRowSecurity.enforcing(plain)
    let count: SQL = "SELECT count(*) FROM rls_invoices"
    _ = try await TenantContext.withTenant("acme") {
        try await RLSInvoice.insert([RLSInvoice(total: 10), RLSInvoice(total: 20)], on: app)
    }
    try await TenantContext.withTenant("globex") { _ = try await RLSInvoice(total: 30).insert(on: app) }

    try await TenantContext.withTenant("acme") { () async throws in
        #expect(try await app.fetchValue(Int.self, count) == 2, "raw reads see the tenant's rows")
        #expect(try await app.fetchValues(String.self, "SELECT tenant_id FROM rls_invoices") == ["acme", "acme"])
        #expect(try await app.execute("UPDATE rls_invoices SET total = 0") == 2, "a raw update reaches the tenant's rows only")
        #expect(try await app.execute("DELETE FROM rls_invoices WHERE total = \(30)") == 0, "nor does a raw delete reach others")
        let inserted = await #expect(throws: QuarryError.self, "a raw insert into another tenant is refused") {
            try await app.execute("INSERT INTO rls_invoices (tenant_id, total) VALUES (\("globex"), \(1))")
        }
        let moved = await #expect(throws: QuarryError.self, "a raw update cannot move a row to another tenant") {
            try await app.execute("UPDATE rls_invoices SET tenant_id = \("globex")")
        }
        for error in [inserted, moved] {
            #expect(String(describing: error).contains("row-level security policy"), "refused by the policy: \(String(describing: error))")
        }
        #expect(try await app.transaction { tx in try await tx.fetchValue(Int.self, count) } == 2, "in a transaction")
        #expect(try await app.session { s in try await s.fetchValue(Int.self, count) } == 2, "in a session")
        #expect(try await RLSInvoice.query.count(on: app) == 2, "Quarry's own queries run under the policy too")
        #expect(try await plain.fetchValue(Int.self, count) == 0, "without the setting the policy matches nothing")
    }
    try await TenantContext.withTenant("globex") { () async throws in
        #expect(try await app.fetchValues(Int.self, "SELECT total FROM rls_invoices") == [30], "the other tenant's row is untouched")
    }
    #expect(try await app.fetchValue(Int.self, count) == 0, "no tenant: raw SQL fails closed")
    _ = try await plain.fetchAll("SELECT set_config(\("quarry.tenant"), \("acme"), false)")
    #expect(try await plain.fetchValue(Int.self, count) == 0, "a session-wide setting does not outlive its lease")
    #expect(try await owner.fetchValue(Int.self, count) == 3, "all rows are still there (the superuser bypasses policies)")
}
