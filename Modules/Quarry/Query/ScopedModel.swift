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

/// A named default condition of a ``ScopedModel``.
public struct QueryScope: Sendable {
    /// What `Query.withoutScope(_:)` names it by.
    public let name: String
    public let condition: Condition

    public init(_ name: String, _ condition: Condition) {
        self.name = name
        self.condition = condition
    }
}

extension FetchableModel {
    /// This model's default scopes on `scope`, or none.
    static func scopeNodes(in scope: ColumnScope, dropping dropped: Set<String> = []) throws -> [ExpressionNode] {
        guard let scoped = Self.self as? any ScopedModel.Type else { return [] }
        return try scoped.defaultScopes(in: scope).filter { !dropped.contains($0.name) }.map(\.condition.node)
    }

    /// Whether the model has default scopes (its single-row SQL is then not cached).
    static var isScoped: Bool { Self.self is any ScopedModel.Type }

    /// ` AND (scopes)` for the model's own table, or nothing.
    static func andScopes(_ dialect: some SQLDialect) throws -> SQL {
        try scopeNodes(in: .table(schema.name)).reduce("") { sql, node in sql + " AND " + node.render(dialect) }
    }

    /// ` WHERE (scopes)` for the model's own table, or nothing.
    static func whereScopes(_ dialect: some SQLDialect) throws -> SQL {
        let and = try andScopes(dialect)
        guard !and.fragments.isEmpty else { return "" }
        return " WHERE 1 = 1" + and
    }
}
