/// The kernel seam for default query scopes (`QuarryMixins`' soft delete
/// and row-level tenants): conditions every query of the model carries —
/// `all`, `first`, `count`, `exists`, bulk updates and deletes, `find`/`get`,
/// prefetches and relation filters that reach the model. They are
/// evaluated when the query runs, so they may read task-local state, and
/// may throw (a tenant-scoped query with no tenant set is an error).
///
/// `Query.withoutScope(name)` drops one of them for one query,
/// `Query.unscoped()` all of them.
///
/// ```swift
/// extension Note: ScopedModel {
///     static func defaultScopes(in scope: ColumnScope) throws -> [QueryScope] {
///         [QueryScope("archived", Column<Note, Bool>("archived", in: scope) == false)]
///     }
/// }
/// ```
public protocol ScopedModel: ColumnSet {
    /// The scopes, on columns qualified by `scope` (the table, or an alias
    /// inside a relation subquery).
    static func defaultScopes(in scope: ColumnScope) throws -> [QueryScope]
}

/// A named default condition of a ``ScopedModel``, and the columns it fixes.
///
/// A fixed column (a tenant column) is part of the scope's write rules:
/// every insert and upsert stamps it with the scope's value, and no update
/// — `save`, an `Update` DTO, a bulk or conditional `set`, an upsert's
/// `DO UPDATE` — may change it while the scope applies
/// (``QuarryError/invalidArgument(name:reason:)`` names the column).
///
/// ```swift
/// QueryScope("tenant", Column<Invoice, String>("tenant_id", in: scope) == "acme", fixing: ["tenant_id": .text("acme")])
/// ```
public struct QueryScope: Sendable {
    /// What `Query.withoutScope(_:)` names it by.
    public let name: String
    public let condition: Condition
    /// Column name → the value every row in the scope has there.
    public let fixedColumns: [String: SQLValue]

    public init(_ name: String, _ condition: Condition, fixing fixedColumns: [String: SQLValue] = [:]) {
        self.name = name
        self.condition = condition
        self.fixedColumns = fixedColumns
    }
}

extension FetchableModel {
    /// This model's default scopes on `scope`, or none.
    static func scopeNodes(in scope: ColumnScope, dropping dropped: Set<String> = []) throws -> [ExpressionNode] {
        try ResolvedScopes.of(Self.self, in: scope, dropping: dropped).conditions
    }

    /// Whether the model has default scopes (its single-row SQL is then not cached).
    static var isScoped: Bool { _quarryTraits.isScoped }
}
