/// A model's default scopes as one statement applies them: the conditions
/// the statement carries and the columns the scopes fix (their write
/// rules). Every model statement — reads, writes, upserts, increments,
/// bulk work — resolves its scopes here, once, so no API can forget one.
///
/// Resolving reads task-local state (the current tenant) and throws when a
/// scope cannot apply (``QuarryError/misuse(_:)``: no tenant set).
///
/// ```swift
/// let scopes = try ResolvedScopes.of(Invoice.self)
/// scopes.conditions     // ["invoices"."tenant_id" = ?]
/// scopes.fixedValue(of: "tenant_id")   // ("tenant", 'acme')
/// ```
struct ResolvedScopes: Sendable {
    /// The conditions every statement of the model carries.
    var conditions: [ExpressionNode] = []
    /// Columns fixed by a scope, with the value every row in scope has.
    var fixed: [(column: String, value: SQLValue, scope: String)] = []

    /// No scope at all (an unscoped model, or an `unscoped()` query).
    static let none = ResolvedScopes()

    /// The scopes of `model` on `scope`, leaving out `dropped` (by name), or
    /// none at all when `unscoped`.
    static func of<M: FetchableModel>(
        _ model: M.Type, in scope: ColumnScope = .table(M.schema.name), unscoped: Bool = false,
        dropping dropped: Set<String> = []
    ) throws -> ResolvedScopes {
        guard !unscoped, M.isScoped, let scoped = M.self as? any ScopedModel.Type else { return .none }
        var resolved = ResolvedScopes()
        for queryScope in try scoped.defaultScopes(in: scope) where !dropped.contains(queryScope.name) {
            resolved.conditions.append(queryScope.condition.node)
            for (column, value) in queryScope.fixedColumns.sorted(by: { $0.key < $1.key }) {
                resolved.fixed.append((column, value, queryScope.name))
            }
        }
        return resolved
    }

    /// The value and scope that fix `column`, if a scope fixes it.
    func fixedValue(of column: String) -> (value: SQLValue, scope: String)? {
        fixed.first { $0.column == column }.map { ($0.value, $0.scope) }
    }
}
