/// One `ORDER BY` term.
///
/// ```swift
/// Author.query.order { $0.karma.desc(nulls: .last) }
/// ```
public struct Ordering: Sendable {
    /// Where `NULL`s go.
    public enum Nulls: Sendable { case first, last }

    let node: ExpressionNode
    let descending: Bool
    let nulls: Nulls?

    func render(_ dialect: any SQLDialect) -> SQL {
        var sql = node.render(dialect)
        sql.append(sql: descending ? " DESC" : " ASC")
        if let nulls { sql.append(sql: nulls == .first ? " NULLS FIRST" : " NULLS LAST") }
        return sql
    }
}

extension QueryExpression {
    /// Ascending order.
    public func asc(nulls: Ordering.Nulls? = nil) -> Ordering { Ordering(node: node, descending: false, nulls: nulls) }

    /// Descending order.
    public func desc(nulls: Ordering.Nulls? = nil) -> Ordering { Ordering(node: node, descending: true, nulls: nulls) }
}

/// A column assignment for a bulk update.
///
/// ```swift
/// try await Author.filter { $0.status == .active }.update(on: db) { [$0.karma.set(to: $0.karma + 1)] }
/// ```
public struct Assignment: Sendable {
    /// The column assigned.
    public let column: String
    let value: ExpressionNode

    /// `"column" = value` for `dialect`, for code that builds its own `UPDATE`.
    ///
    /// ```swift
    /// let set = Author.columns.karma.set(to: 3).sql(for: db.dialect)   // "karma" = ?
    /// ```
    public func sql(for dialect: some SQLDialect) -> SQL {
        "\(identifier: column) = " + value.render(dialect)
    }
}

extension Column {
    /// Sets this column to a value.
    public func set(to value: Value) -> Assignment { Assignment(column: name, value: .value(value.sqlValue)) }

    /// Sets this column to an expression (`$0.karma + 1`).
    public func set<E: QueryExpression>(to expression: E) -> Assignment where E.Value == Value {
        Assignment(column: name, value: expression.node)
    }
}
