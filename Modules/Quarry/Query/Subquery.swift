/// A nested `SELECT` of one column, for `in` and scalar comparisons.
///
/// ```swift
/// let prolific = try Post.filter { $0.likes > 100 }.subquery(\.authorID)
/// let authors = try await Author.filter { $0.id.in(prolific) }.all(on: db)
/// ```
public struct Subquery<Value>: QueryExpression {
    let box: SubqueryBox
    public var node: ExpressionNode { .subquery(box) }
}

extension Query {
    /// This query's `column` as a subquery.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key path
    ///   that is not a column, or a negative limit or offset.
    public func subquery<Value>(_ keyPath: KeyPath<M, Value>) throws -> Subquery<Value> {
        guard let name = M.columnName(for: keyPath) else {
            throw QuarryError.invalidArgument(name: "keyPath", reason: "\(keyPath) is not a column of \(M.schema.name)")
        }
        return Subquery(box: try box("\(identifier: M.schema.name).\(identifier: name)"))
    }

    /// A nested `SELECT columns …` compiled per dialect when the outer query is.
    func box(_ columns: SQL) throws -> SubqueryBox {
        // Checked now, and the default scopes resolved now (they may read
        // task-local state), so that rendering cannot fail later.
        try validate()
        var resolved = self
        resolved.predicate = try effectivePredicate()
        resolved.isUnscoped = true
        let query = resolved
        return SubqueryBox(tables: query.tablesRead) { dialect in
            (try? query.select(columns, dialect: dialect)) ?? "SELECT NULL WHERE 1 = 0"
        }
    }
}

extension QueryExpression {
    /// In the values a subquery selects.
    public func `in`(_ subquery: Subquery<Value>) -> Condition {
        Condition(.inSubquery(node, subquery.box, negated: false))
    }

    /// Not in the values a subquery selects.
    public func notIn(_ subquery: Subquery<Value>) -> Condition {
        Condition(.inSubquery(node, subquery.box, negated: true))
    }
}

extension QueryExpression {
    /// In a subquery of non-optional values (an optional key against foreign keys).
    public func `in`<Wrapped>(_ subquery: Subquery<Wrapped>) -> Condition where Value == Wrapped? {
        Condition(.inSubquery(node, subquery.box, negated: false))
    }

    /// Not in a subquery of non-optional values.
    public func notIn<Wrapped>(_ subquery: Subquery<Wrapped>) -> Condition where Value == Wrapped? {
        Condition(.inSubquery(node, subquery.box, negated: true))
    }
}

extension SQLExpression where Value == Bool {
    /// `EXISTS (SELECT 1 …)`: the query matches at least one row. Refer to
    /// the outer model's columns (`Author.columns.id`) to correlate.
    ///
    /// ```swift
    /// let hasPosts = try Condition.exists(Post.filter { $0.authorID == Author.columns.id })
    /// let writers = try await Author.filter { _ in hasPosts }.all(on: db)
    /// ```
    public static func exists<Other>(_ query: Query<Other>) throws -> Condition {
        Condition(.exists(try query.box("1"), negated: false))
    }

    /// `NOT EXISTS (SELECT 1 …)`.
    public static func notExists<Other>(_ query: Query<Other>) throws -> Condition {
        Condition(.exists(try query.box("1"), negated: true))
    }
}

/// Column-to-column equality between an optional and a non-optional column
/// (a foreign key against a primary key declared `Int64?`).
public func == <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value? == R.Value {
    Condition(.binary(lhs.node, "=", rhs.node))
}
