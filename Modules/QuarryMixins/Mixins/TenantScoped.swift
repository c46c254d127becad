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

/// Row-level multi-tenancy: every statement Quarry compiles for the model —
/// queries, `get`/`find`/`filter`/`count`/`exists`, saves, increments,
/// conditional, bulk and upsert writes, deletes, prefetches, relation
/// filters, cached reads — is limited to the current tenant's rows. The
/// tenant column is stamped on every insert and upsert and can never be
/// changed (`save`, `Update` DTOs, bulk `set`: a typed error names it).
/// With no tenant set, any of them throws `QuarryError/misuse(_:)` — an
/// error, never a leak. Raw SQL is not scoped.
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
/// `static let tenantColumn = "…"`; `@Model` leaves a `tenantID` property
/// out of the `Create` and `Update` DTOs. Schema-per-tenant on PostgreSQL
/// is ``TenantSchemas``.
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

    /// The current tenant's rows; the tenant column is fixed: stamped on
    /// every insert and upsert, never changed by an update.
    static func tenantScope(in scope: ColumnScope) throws -> QueryScope {
        let tenant = try requireTenant()
        return QueryScope(
            tenantScopeName, Column<Self, String>(tenantColumn, in: scope) == tenant, fixing: [tenantColumn: .text(tenant)])
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
