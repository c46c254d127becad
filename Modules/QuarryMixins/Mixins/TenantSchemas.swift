import Quarry

/// Schema-per-tenant on PostgreSQL: each tenant's tables live in their own
/// schema, chosen per session through `search_path`. Create a tenant's
/// schema here, migrate it with `Migrator(database:migrations:schema:)`,
/// and run a tenant's work in `withTenant`.
///
/// SQLite has one schema per database file: every call throws
/// ``QuarryError/misuse(_:)`` there — use row-level ``TenantScoped`` or one
/// database file per tenant.
///
/// ```swift
/// let tenants = TenantSchemas(database: db)
/// try await tenants.create("tenant_acme")
/// try await Migrator(database: db, migrations: allMigrations, schema: "tenant_acme").upgrade()
/// let invoices = try await tenants.withTenant("tenant_acme") { session in
///     try await Invoice.query.all(on: session)
/// }
/// ```
public struct TenantSchemas: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    private func requirePostgres() throws {
        guard database.dialect.name == "postgres" else {
            throw QuarryError.misuse(
                "schema-per-tenant needs PostgreSQL; on SQLite use TenantScoped (row level) or one database file per tenant")
        }
    }

    /// Creates the schema `tenant` (nothing when it exists).
    public func create(_ tenant: String) async throws {
        try requirePostgres()
        try await database.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: tenant)")
    }

    /// Drops the schema `tenant` and everything in it.
    public func drop(_ tenant: String) async throws {
        try requirePostgres()
        try await database.execute("DROP SCHEMA IF EXISTS \(identifier: tenant) CASCADE")
    }

    /// Runs `body` on one connection whose `search_path` is `tenant`, then
    /// restores the connection's search path, however `body` ends.
    public func withTenant<Value>(_ tenant: String, _ body: (Session) async throws -> Value) async throws -> Value {
        try requirePostgres()
        return try await database.session { session in
            let previous = try await session.fetchValue(String.self, "SELECT current_setting('search_path')") ?? "public"
            _ = try await session.fetchAll(
                "SELECT set_config('search_path', \(session.dialect.quoteIdentifier(tenant)), false)")
            do {
                let value = try await body(session)
                _ = try await session.fetchAll("SELECT set_config('search_path', \(previous), false)")
                return value
            } catch {
                _ = try? await session.fetchAll("SELECT set_config('search_path', \(previous), false)")
                throw error
            }
        }
    }
}
