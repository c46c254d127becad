import Foundation
import Quarry

/// The tenant the current task works for: a task-local, so every query
/// in `withTenant`'s closure — and in tasks it starts — sees it.
///
/// ```swift
/// try await TenantContext.withTenant("acme") {
///     let invoices = try await Invoice.query.all(on: db)     // acme's only
/// }
/// ```
public enum TenantContext {
    @TaskLocal public static var current: String?

    /// Runs `body` with `tenant` as the current tenant.
    public static func withTenant<Value>(_ tenant: String, _ body: () async throws -> Value) async rethrows -> Value {
        try await $current.withValue(tenant) { try await body() }
    }
}

/// Row-level multi-tenancy: every query, bulk update and delete, `find`,
/// prefetch and relation filter on the model is limited to the current
/// tenant's rows; inserts stamp the tenant. With no tenant set, any of
/// them throws ``QuarryError/misuse(_:)`` — an error, never a leak.
///
/// ```swift
/// @Model struct Invoice: TenantScoped {
///     @ID var id: Int64?
///     @Column(.indexed) var tenantID: String = ""
///     var total: Int
/// }
/// try await TenantContext.withTenant("acme") {
///     try await Invoice(total: 10).insert(on: db)          // tenant_id = "acme"
/// }
/// ```
///
/// The column is `tenant_id` unless the model says otherwise with
/// `static let tenantColumn = "…"`. Schema-per-tenant (PostgreSQL
/// `search_path`) is not built yet.
public protocol TenantScoped: ScopedModel, Model {
    var tenantID: String { get set }
    /// The tenant column's name.
    static var tenantColumn: String { get }
}

extension TenantScoped {
    public static var tenantColumn: String { "tenant_id" }

    /// The scope's name, for `Query.withoutScope(_:)` (administration only).
    public static var tenantScopeName: String { "tenant" }

    /// The current tenant, or a typed error naming the model.
    static func requireTenant() throws -> String {
        guard let tenant = TenantContext.current else {
            throw QuarryError.misuse(
                "\(schema.name) is tenant-scoped and no tenant is set: run it inside TenantContext.withTenant(…)")
        }
        return tenant
    }

    static func tenantScope(in scope: ColumnScope) throws -> QueryScope {
        QueryScope(tenantScopeName, Column<Self, String>(tenantColumn, in: scope) == (try requireTenant()))
    }

    public static func defaultScopes(in scope: ColumnScope) throws -> [QueryScope] {
        [try tenantScope(in: scope)]
    }

    /// Stamps the current tenant (throws without one).
    public mutating func stampTenant() throws {
        tenantID = try Self.requireTenant()
    }

    public mutating func willCreate(on db: some QueryExecutor) async throws {
        try stampTenant()
    }
}

extension SoftDeletable where Self: TenantScoped {
    public static func defaultScopes(in scope: ColumnScope) throws -> [QueryScope] {
        [softDeleteScope(in: scope), try tenantScope(in: scope)]
    }
}

extension Timestamped where Self: TenantScoped {
    public mutating func willCreate(on db: some QueryExecutor) async throws {
        try stampTenant()
        let now = Date()
        createdAt = createdAt ?? now
        updatedAt = now
    }
}
