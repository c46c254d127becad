import Foundation
import Quarry
import QuarryCache
import QuarryMixins
import QuarryTesting
import Testing

/// The tenancy dimension of the isolation matrix for schema-per-tenant:
/// every API of `matrixAPIs` runs through ``TenantSchemas/enforcing(schema:)``
/// as tenant a (schema A) against a target in schema A (own row) and in
/// schema B (another tenant's schema; the row's own tenant column says a, so
/// only the schema keeps it apart), and with no tenant at all.
private struct SchemaCell {
    let cell: MatrixCell
    let placing: MatrixCell
    let inOwnSchema: Bool
    let label: String
}

private let schemaCells = [
    SchemaCell(cell: .noTenant, placing: .noTenant, inOwnSchema: true, label: "schema: no tenant"),
    SchemaCell(cell: .ownRow, placing: .ownRow, inOwnSchema: true, label: "schema: own row"),
    SchemaCell(cell: .deletedRow, placing: .deletedRow, inOwnSchema: true, label: "schema: own deleted row"),
    SchemaCell(cell: .otherTenant, placing: .ownRow, inOwnSchema: false, label: "schema: another tenant's schema"),
]

/// Two tenants' schemas, a database per tenant context and one fixed on each schema.
private struct TenantSchemaPair {
    let tenants: TenantSchemas
    let own: String
    let other: String
    let caller: Database
    let homeOwn: Database
    let homeOther: Database

    init(_ db: Database) throws {
        tenants = TenantSchemas(database: db)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let own = "matrix_a_\(suffix)", other = "matrix_b_\(suffix)"
        self.own = own
        self.other = other
        caller = try tenants.enforcing { tenant in tenant == "a" ? own : other }
        homeOwn = try db.applying(LocalSettings { [("search_path", own)] })
        homeOther = try db.applying(LocalSettings { [("search_path", other)] })
    }

    func create() async throws {
        for (schema, home) in [(own, homeOwn), (other, homeOther)] {
            try await tenants.create(schema)
            try await home.createTables(MatrixAccount.self, MatrixLabel.self, MatrixLink.self, AuditEntry.self)
        }
    }

    func drop() async throws {
        try await tenants.drop(own)
        try await tenants.drop(other)
    }
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Isolation matrix: every public model API × schema per tenant (PostgreSQL)")
struct SchemaIsolationMatrixTests {
    @Test("every API through TenantSchemas.enforcing: no tenant, own row, own deleted row, another tenant's schema")
    func matrix() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), schemaMatrixScenario)
    }

    @Test("a cached query through a per-tenant database never serves one schema's rows to another")
    func cachedAcrossSchemas() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), cachedAcrossSchemasScenario)
    }

    @Test("with no tenant, raw SQL through a per-tenant database is a misuse, never the default schema")
    func rawWithoutTenant() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), rawWithoutTenantScenario)
    }
}

private func schemaMatrixScenario(_ db: Database) async throws {
    let pair = try TenantSchemaPair(db)
    try await pair.create()
    var broken: [String] = []
    for api in matrixAPIs {
        for cell in schemaCells {
            // The caller's schema starts empty whichever schema holds the target.
            try await clearMatrixTables(pair.homeOwn)
            broken += try await check(
                api, cell.cell, caller: pair.caller, home: cell.inOwnSchema ? pair.homeOwn : pair.homeOther,
                placing: cell.placing, label: cell.label)
        }
    }
    try await pair.drop()
    #expect(broken.isEmpty, "\(broken.count) broken:\n\(broken.joined(separator: "\n"))")
}

private func cachedAcrossSchemasScenario(_ db: Database) async throws {
    let pair = try TenantSchemaPair(db)
    try await pair.create()
    // The same tenant column value in both schemas: only the schema tells them apart.
    for (home, code) in [(pair.homeOwn, "in-a"), (pair.homeOther, "in-b")] {
        try await home.execute("INSERT INTO matrix_accounts (tenant_id, code, balance, version) VALUES (\("a"), \(code), \(0), \(1))")
        try await home.execute("INSERT INTO matrix_accounts (tenant_id, code, balance, version) VALUES (\("b"), \(code + "-b"), \(0), \(1))")
    }
    let cache = QueryCache()
    let query = MatrixAccount.query.unscoped().order { $0.code }.cached(in: cache)
    let seenByA = try await TenantContext.withTenant("a") { try await query.all(on: pair.caller).map(\.code) }
    let seenByB = try await TenantContext.withTenant("b") { try await query.all(on: pair.caller).map(\.code) }
    try await pair.drop()
    #expect(seenByA == ["in-a", "in-a-b"])
    #expect(seenByB == ["in-b", "in-b-b"], "tenant b was served from its own schema, not tenant a's cache entry")
}

private func rawWithoutTenantScenario(_ db: Database) async throws {
    let pair = try TenantSchemaPair(db)
    try await pair.create()
    // The default schema has a table of the same name: a fallback to it would be a leak.
    try await db.createTables(MatrixAccount.self, MatrixLabel.self, MatrixLink.self, AuditEntry.self)
    let error = await #expect(throws: QuarryError.self) {
        try await pair.caller.fetchAll("SELECT * FROM matrix_accounts")
    }
    let inTransaction = await #expect(throws: QuarryError.self) {
        try await pair.caller.transaction { tx in try await tx.fetchAll("SELECT * FROM matrix_accounts") }
    }
    try await pair.drop()
    for error in [error, inTransaction] {
        guard case .misuse? = error else {
            Issue.record("expected misuse, got \(String(describing: error))")
            continue
        }
    }
}
