/// Which table reference a model's columns are qualified by: the table
/// itself at the top of a query, or an alias inside a relation subquery
/// (so that a category's `parent` can be told from the category).
///
/// ```swift
/// let outer = Category.columns                                   // "categories"."name"
/// let inner = Category.columns(in: ColumnScope(alias: "r1", depth: 1))   // "r1"."name"
/// ```
public struct ColumnScope: Sendable, Hashable {
    /// The name columns are qualified with.
    public let alias: String
    /// How many relation subqueries deep the scope is (0 at the top).
    public let depth: Int

    public init(alias: String, depth: Int) {
        self.alias = alias
        self.depth = depth
    }

    /// A table at the top level of a query.
    public static func table(_ name: String) -> ColumnScope {
        ColumnScope(alias: name, depth: 0)
    }

    /// The scope of the next relation subquery inside this one; `suffix`
    /// tells apart two aliases of the same subquery (a junction and its target).
    func nested(_ suffix: String = "") -> ColumnScope {
        ColumnScope(alias: "quarry_r\(depth + 1)\(suffix)", depth: depth + 1)
    }
}
