/// A to-many relation (`@HasMany`, `@ManyToMany`, `@MorphMany`) inside a
/// query closure: conditions and counts over the related rows, compiled
/// to `EXISTS` and `count(*)` subqueries, so each parent row appears once.
///
/// ```swift
/// let writers = try await Author.filter { $0.posts.any { $0.likes > 100 } }.all(on: db)
/// let quiet = try await Author.filter { $0.posts.isEmpty }.all(on: db)
/// let ranked = try await Author.query.order { $0.posts.count.desc() }.all(on: db)
/// let tagged = try await Post.filter { $0.tags.any { $0.label == "swift" } }.all(on: db)
/// ```
public struct RelatedMany<Target: ColumnSet>: Sendable {
    let hops: [RelationHop]

    init(hops: [RelationHop]) {
        self.hops = hops
    }

    /// The relation `relationship` of the rows qualified by `scope`; what
    /// `@Model`'s generated `Columns` return.
    public init(_ relationship: Relationship, from scope: ColumnScope) {
        hops = [RelationHop.to(Target.self, relationship, from: scope)]
    }

    private var last: RelationHop { hops[hops.count - 1] }

    private var columns: Target.Columns { Target.columns(in: last.inner) }

    /// At least one related row matches `predicate`.
    public func any(_ predicate: (Target.Columns) -> Condition) -> Condition {
        Condition(hops.condition(last.exists(predicate(columns).node)))
    }

    /// No related row matches `predicate`.
    public func none(_ predicate: (Target.Columns) -> Condition) -> Condition {
        Condition(hops.condition(last.exists(predicate(columns).node, negated: true)))
    }

    /// Every related row matches `predicate` (true when there are none).
    public func all(_ predicate: (Target.Columns) -> Condition) -> Condition {
        let node = predicate(columns).node
        // Rows where the predicate is false or unknown (NULL) break "all".
        let failing = ExpressionNode.function("COALESCE", [node, .constant(false)])
        return Condition(hops.condition(last.exists(.not(failing), negated: true)))
    }

    /// There is at least one related row.
    public var isNotEmpty: Condition {
        Condition(hops.condition(last.exists(nil)))
    }

    /// There is no related row.
    public var isEmpty: Condition {
        Condition(hops.condition(last.exists(nil, negated: true)))
    }

    /// The number of related rows.
    public var count: SQLExpression<Int> {
        SQLExpression(hops.value(last.count(nil)))
    }

    /// The number of related rows matching `predicate`.
    ///
    /// ```swift
    /// Author.filter { $0.posts.count { $0.published == true } >= 3 }
    /// ```
    public func count(where predicate: (Target.Columns) -> Condition) -> SQLExpression<Int> {
        SQLExpression(hops.value(last.count(predicate(columns).node)))
    }
}
