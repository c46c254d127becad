/// A to-one relation (`@BelongsTo`, `@HasOne`) inside a query closure:
/// its columns read as values of the related row, without joining rows
/// (so the parent rows are never duplicated).
///
/// ```swift
/// let byAda = try await Post.filter { $0.author.name == "Ada" }.order { $0.author.name }.all(on: db)
/// let deep = try await Comment.filter { $0.post.author.email.hasSuffix("@x.io") }.all(on: db)
/// let orphans = try await Category.filter { !$0.parent.exists }.all(on: db)
/// ```
///
/// A column of a missing related row is `NULL`, so comparisons with it
/// are false.
@dynamicMemberLookup
public struct RelatedOne<Target: ColumnSet>: Sendable {
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

    /// The related model's columns, qualified by the subquery's alias.
    private var columns: Target.Columns { Target.columns(in: last.inner) }

    /// A column of the related row (`NULL` when there is none).
    public subscript<Value>(dynamicMember keyPath: KeyPath<Target.Columns, Column<Target, Value>>) -> SQLExpression<Value> {
        SQLExpression(hops.value(last.scalar(columns[keyPath: keyPath].node)))
    }

    /// A to-one relation of the related row (`$0.post.author`).
    public subscript<Next>(dynamicMember keyPath: KeyPath<Target.Columns, RelatedOne<Next>>) -> RelatedOne<Next> {
        RelatedOne<Next>(hops: hops + columns[keyPath: keyPath].hops)
    }

    /// A to-many relation of the related row (`$0.author.posts`).
    public subscript<Next>(dynamicMember keyPath: KeyPath<Target.Columns, RelatedMany<Next>>) -> RelatedMany<Next> {
        RelatedMany<Next>(hops: hops + columns[keyPath: keyPath].hops)
    }

    /// An expression computed from the related row's columns.
    ///
    /// ```swift
    /// Post.order { $0.author.value { $0.name.lower() } }
    /// ```
    public func value<E: QueryExpression>(_ expression: (Target.Columns) -> E) -> SQLExpression<E.Value> {
        SQLExpression(hops.value(last.scalar(expression(columns).node)))
    }

    /// There is a related row.
    public var exists: Condition {
        Condition(hops.condition(last.exists(nil)))
    }

    /// There is a related row and it matches `predicate`.
    ///
    /// ```swift
    /// Post.filter { $0.author.matches { $0.karma > 10 && $0.name.hasPrefix("A") } }
    /// ```
    public func matches(_ predicate: (Target.Columns) -> Condition) -> Condition {
        Condition(hops.condition(last.exists(predicate(columns).node)))
    }
}
