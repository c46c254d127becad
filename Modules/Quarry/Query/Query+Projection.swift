/// Decodes a row into a tuple, left to right.
///
/// Written as a function over a `Row` rather than a generic `RowDecodable`
/// struct holding `(repeat each Value)`: Swift 6.3.1's runtime aborts
/// ("Pack expansion count type should be a pack") instantiating such a struct.
func decodeTuple<each Value: SQLValueConvertible>(
    _ row: Row, as types: repeat (each Value).Type
) throws -> (repeat each Value) {
    var index = 0
    func next<V: SQLValueConvertible>(_ type: V.Type) throws -> V {
        defer { index += 1 }
        return try row.decode(at: index, as: type)
    }
    return (repeat try next((each Value).self))
}

extension Query {
    /// The chosen columns of every matching row, as tuples.
    ///
    /// ```swift
    /// let pairs = try await Author.filter { $0.karma > 10 }.values(\.name, \.karma, on: db)   // [(String, Int)]
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key
    ///   path that is not a column.
    public func values<each Value: SQLValueConvertible>(
        _ keyPaths: repeat KeyPath<M, each Value>, on db: some QueryExecutor
    ) async throws -> [(repeat each Value)] {
        var columns: [SQL] = []
        for keyPath in repeat each keyPaths {
            guard let name = M.columnName(for: keyPath) else {
                throw QuarryError.invalidArgument(name: "keyPath", reason: "\(keyPath) is not a column of \(M.schema.name)")
            }
            columns.append("\(identifier: name)")
        }
        let sql = try select(SQL.join(columns, separator: ", "), dialect: db.dialect)
        return try await db.fetchAll(sql).map { try decodeTuple($0, as: repeat (each Value).self) }
    }

    /// Aggregates over the matching rows (or, after ``group(by:)``, one
    /// tuple per group), with typed results.
    ///
    /// ```swift
    /// let (total, average) = try await Author.query.aggregate(on: db) { ($0.karma.sum(), $0.karma.avg()) }.first!
    /// let perStatus = try await Author.query.group { $0.status }
    ///     .aggregate(on: db) { ($0.status, $0.id.count()) }                     // [(Status, Int)]
    /// ```
    public func aggregate<each E: QueryExpression>(
        on db: some QueryExecutor, _ expressions: (M.Columns) -> (repeat each E)
    ) async throws -> [(repeat (each E).Value)] where repeat (each E).Value: SQLValueConvertible {
        let selected = expressions(M.columns)
        var columns: [SQL] = []
        var nodes: [ExpressionNode] = []
        for expression in repeat each selected {
            columns.append(expression.node.render(db.dialect))
            nodes.append(expression.node)
        }
        var grouped = self
        grouped.isAggregate = true
        // A grouping that is also selected is named by its position: its
        // binds would otherwise differ ($1 vs $2) and PostgreSQL would not
        // see the two as one expression.
        grouped.groupingOrdinals = grouped.groupings.map { grouping in nodes.firstIndex(of: grouping).map { $0 + 1 } }
        let sql = try grouped.select(SQL.join(columns, separator: ", "), dialect: db.dialect)
        return try await db.fetchAll(sql).map { try decodeTuple($0, as: repeat (each E).Value.self) }
    }

    /// Groups the rows by expressions; `aggregate` then returns one tuple per group.
    ///
    /// ```swift
    /// Author.query.group { $0.status }.having { $0.id.count() > 1 }
    /// ```
    public func group<E: QueryExpression>(by expression: (M.Columns) -> E) -> Query {
        var query = self
        query.groupings.append(expression(M.columns).node)
        return query
    }

    /// Keeps the groups matching `condition` (SQL `HAVING`).
    public func having(_ condition: (M.Columns) -> Condition) -> Query {
        var query = self
        let node = condition(M.columns).node
        query.havingCondition = query.havingCondition.map { .binary($0, "AND", node) } ?? node
        return query
    }
}

extension QueryExecutor {
    /// Raw SQL decoded into tuples: every interpolated value is a bind.
    ///
    /// ```swift
    /// let rows = try await db.fetchTuples("SELECT name, karma FROM authors WHERE karma > \(10)", as: String.self, Int.self)
    /// ```
    public func fetchTuples<each Value: SQLValueConvertible>(
        _ sql: SQL, as types: repeat (each Value).Type
    ) async throws -> [(repeat each Value)] {
        try await fetchAll(sql).map { try decodeTuple($0, as: repeat (each Value).self) }
    }
}
