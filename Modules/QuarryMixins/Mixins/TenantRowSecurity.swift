import Quarry

/// Defence in depth for ``TenantScoped`` on PostgreSQL (opt-in): row-level
/// security policies keyed on the transaction's `quarry.tenant` setting, so
/// even raw SQL run through Quarry cannot read or write another tenant's
/// rows.
///
/// ``install(for:on:)`` adds the policy to a model's table (in a migration
/// or at start-up); ``enforcing(_:)`` gives a `Database` that sets
/// `quarry.tenant` to ``TenantContext/current`` transaction-locally for every
/// statement it runs — in a transaction right after `BEGIN`, otherwise in a
/// transaction of the statement's own (three more round trips). With no
/// tenant set the setting is absent and the policy matches no row: raw SQL
/// fails closed. Settings are transaction-local, so they end with the
/// transaction and work through a transaction-mode pooler.
///
/// Superusers and `BYPASSRLS` roles are not bound by policies: the
/// application must connect as an ordinary role (the table's owner is
/// bound, the policy is `FORCE`d).
///
/// ```swift
/// try await TenantRowSecurity.install(for: Invoice.self, on: admin)
/// let db = try TenantRowSecurity.enforcing(try await Database.postgres(url: appURL))
/// try await TenantContext.withTenant("acme") {
///     try await db.fetchAll("SELECT * FROM invoices")      // acme's rows only, raw SQL included
/// }
/// ```
public enum TenantRowSecurity {
    /// The run-time setting the policies compare the tenant column with.
    public static let setting = "quarry.tenant"
    /// The policy's name on each table.
    public static let policy = "quarry_tenant"

    /// Adds the tenant policy to `model`'s table (replacing an earlier one).
    ///
    /// ```swift
    /// try await TenantRowSecurity.install(for: Invoice.self, on: db)
    /// ```
    ///
    /// - Throws: `QuarryError/misuse(_:)` on SQLite, which has no
    ///   row-level security (Quarry's scopes still apply).
    public static func install<M: TenantScoped>(for model: M.Type, on db: some QueryExecutor) async throws {
        try await db.enableRowSecurity(on: M.self, column: M.tenantColumn, matching: setting, policy: policy)
    }

    /// Removes the tenant policy from `model`'s table.
    ///
    /// ```swift
    /// try await TenantRowSecurity.remove(from: Invoice.self, on: db)
    /// ```
    public static func remove<M: TenantScoped>(from model: M.Type, on db: some QueryExecutor) async throws {
        try await db.disableRowSecurity(on: M.self, policy: policy)
    }

    /// `db` with `quarry.tenant` set to the current tenant for every statement.
    ///
    /// ```swift
    /// let db = try TenantRowSecurity.enforcing(pooled)
    /// ```
    ///
    /// - Throws: `QuarryError/misuse(_:)` on SQLite.
    public static func enforcing(_ db: Database) throws -> Database {
        try db.applying(LocalSettings {
            guard let tenant = TenantContext.current else { return [] }
            return [(setting, tenant)]
        })
    }
}
