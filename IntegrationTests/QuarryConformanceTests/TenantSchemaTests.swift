import Foundation
import Quarry
import QuarryMigrations
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "tenant_notes")
struct TenantNote {
    @ID var id: Int64?
    var text: String
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Mixins: schema per tenant")
struct TenantSchemaTests {
    @Test("each tenant's schema is created, migrated and used apart; SQLite says it cannot", arguments: TestDatabase.all)
    func schemas(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), schemaScenario)
    }
}

private func schemaScenario(_ db: Database) async throws {
    let tenants = TenantSchemas(database: db)
    let migrations = [
        Migration("0001_notes", up: [.createTable(TableDefinition(model: TenantNote.self))], down: [.dropTable("tenant_notes")])
    ]
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let acme = "tenant_acme_\(suffix)", globex = "tenant_globex_\(suffix)"
    guard db.dialect.name == "postgres" else {
        var createError: QuarryError?
        do { try await tenants.create(acme) } catch let error as QuarryError { createError = error }
        var migrateError: QuarryError?
        do { _ = try Migrator(database: db, migrations: migrations, schema: acme) } catch let error as QuarryError {
            migrateError = error
        }
        guard case .misuse? = createError, case .misuse? = migrateError else {
            Issue.record("SQLite should refuse schemas with misuse: \(String(describing: createError)), \(String(describing: migrateError))")
            return
        }
        return
    }
    try await tenants.create(acme)
    try await tenants.create(globex)
    let appliedAcme = try await Migrator(database: db, migrations: migrations, schema: acme).upgrade()
    let appliedGlobex = try await Migrator(database: db, migrations: migrations, schema: globex).upgrade()
    let again = try await Migrator(database: db, migrations: migrations, schema: acme).upgrade()
    _ = try await tenants.transaction(schema: acme) { session in
        try await TenantNote.insert([TenantNote(text: "a1"), TenantNote(text: "a2")], on: session)
    }
    try await tenants.transaction(schema: globex) { session in _ = try await TenantNote(text: "g1").insert(on: session) }
    let acmeNotes = try await tenants.transaction(schema: acme) { session in try await TenantNote.query.order { $0.text }.all(on: session) }
    let globexNotes = try await tenants.transaction(schema: globex) { session in try await TenantNote.query.all(on: session) }
    let defaultTables = try await SchemaIntrospector.read(db).tableNames
    try await tenants.drop(acme)
    try await tenants.drop(globex)

    #expect(appliedAcme == ["0001_notes"] && appliedGlobex == ["0001_notes"] && again.isEmpty)
    #expect(acmeNotes.map(\.text) == ["a1", "a2"])
    #expect(globexNotes.map(\.text) == ["g1"])
    #expect(!defaultTables.contains("tenant_notes"), "the default search path sees neither tenant")
}
