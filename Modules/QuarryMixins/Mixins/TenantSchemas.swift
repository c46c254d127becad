import Quarry

/// Schema-per-tenant on PostgreSQL: each tenant's tables live in their own
/// schema, chosen per transaction through a transaction-local `search_path`. Create a tenant's
/// schema here, migrate it with `Migrator(database:migrations:schema:)`,
/// and run a tenant's work in ``transaction(schema:_:)`` — or hand routers
/// ``enforcing(schema:)``'s database and set the tenant with
/// `TenantContext.withTenant`, the one `withTenant` of every tenancy model.
///
/// SQLite has one schema per database file: every call throws
/// `QuarryError/misuse(_:)` there — use row-level ``TenantScoped`` or one
/// database file per tenant.
///
/// ```swift
/// let tenants = TenantSchemas(database: db)
/// try await tenants.create("tenant_acme")
/// try await Migrator(database: db, migrations: allMigrations, schema: "tenant_acme").upgrade()
/// let invoices = try await tenants.transaction(schema: "tenant_acme") { tx in
///     try await Invoice.query.all(on: tx)
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

    /// Runs `body` in a transaction whose `search_path` is `tenant`, set
    /// transaction-locally (`Transaction/setLocal(_:to:)`): it ends with the
    /// transaction however `body` ends — returned, thrown or cancelled — so
    /// the pooled connection never carries a tenant's schema to the next
    /// user. `body` commits when it returns and rolls back when it throws.
    ///
    /// ```swift
    /// let count = try await tenants.transaction(schema: "tenant_acme") { tx in try await Invoice.query.count(on: tx) }
    /// ```
    public func transaction<Value>(schema: String, _ body: (Transaction) async throws -> Value) async throws -> Value {
        try requirePostgres()
        let path = database.dialect.quoteIdentifier(schema)
        return try await database.transaction { tx in
            try await tx.setLocal("search_path", to: path)
            return try await body(tx)
        }
    }

    /// ``transaction(schema:_:)``'s name before `withTenant` meant one thing
    /// only: setting `TenantContext` for a block.
    @available(*, deprecated, renamed: "transaction(schema:_:)")
    public func withTenant<Value>(_ tenant: String, _ body: (Transaction) async throws -> Value) async throws -> Value {
        try await transaction(schema: tenant, body)
    }

    /// A database whose every statement runs in the current tenant's schema
    /// (``TenantContext/current``, mapped to a schema by `schema`): `search_path`
    /// is set transaction-locally per statement, or right after `BEGIN` in a
    /// transaction (`Database/applying(_:)`) — so the database can be handed
    /// to code that takes a `Database`, such as a CRUD router. A statement
    /// outside a transaction runs in one of its own (three more round trips).
    /// With no tenant set every statement, raw SQL included, throws
    /// `QuarryError/misuse(_:)`. Cache keys carry the schema.
    ///
    /// ```swift
    /// let perTenant = try tenants.enforcing { tenant in "tenant_\(tenant)" }
    /// let invoices = try await TenantContext.withTenant("acme") {
    ///     try await Invoice.query.all(on: perTenant)       // tenant_acme.invoices
    /// }
    /// ```
    public func enforcing(schema: @escaping @Sendable (String) -> String = { $0 }) throws -> Database {
        try requirePostgres()
        let dialect = database.dialect
        return try database.applying(LocalSettings {
            guard let tenant = TenantContext.current else {
                throw QuarryError.misuse(
                    "schema-per-tenant: no tenant is set; run it inside TenantContext.withTenant(…)")
            }
            return [("search_path", dialect.quoteIdentifier(schema(tenant)))]
        })
    }
}
