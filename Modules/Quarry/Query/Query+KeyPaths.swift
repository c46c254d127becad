extension Query where M: FetchableModel {
    /// Keeps the rows whose column equals `value` (`IS NULL` for `nil`),
    /// for columns chosen at run time — an API's query parameters — where
    /// the typed `filter { $0.name == … }` cannot be written.
    ///
    /// ```swift
    /// let query = try Author.query.filter(\.name, equals: "Ada").order(by: \.karma, descending: true)
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` when
    ///   `keyPath` is not a column.
    public func filter<Value: SQLValueConvertible>(_ keyPath: KeyPath<M, Value>, equals value: Value) throws -> Query {
        let column = try Self.columnNode(keyPath)
        let bound = value.sqlValue
        let node: ExpressionNode = bound.isNull ? .isNull(column, negated: false) : .binary(column, "=", .value(bound))
        var query = self
        query.predicate = query.predicate.map { .binary($0, "AND", node) } ?? node
        return query
    }

    /// Orders by the column at `keyPath`; later calls break ties.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` when
    ///   `keyPath` is not a column.
    public func order<Value>(by keyPath: KeyPath<M, Value>, descending: Bool = false) throws -> Query {
        var query = self
        query.orderings.append(Ordering(node: try Self.columnNode(keyPath), descending: descending, nulls: nil))
        return query
    }

    private static func columnNode(_ keyPath: PartialKeyPath<M>) throws -> ExpressionNode {
        guard let column = M.columnName(for: keyPath) else {
            throw QuarryError.invalidArgument(name: "keyPath", reason: "\(keyPath) is not a column of \(M.schema.name)")
        }
        return .column(table: M.schema.name, name: column)
    }
}
