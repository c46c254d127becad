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
        return filtered(by: node)
    }

    /// Keeps the rows whose column matches `values` by `lookup`, for
    /// columns and comparisons chosen at run time (`?karma__gte=10`).
    /// ``ColumnLookup/in`` and ``ColumnLookup/notIn`` take any number of
    /// values, the others exactly one; text lookups need a text value.
    ///
    /// ```swift
    /// let query = try Author.query.filter(\.karma, .gte, [10]).filter(\.id, .in, [1, 2, 3])
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` naming the
    ///   column when the values do not fit the lookup.
    public func filter<Value: SQLValueConvertible>(
        _ keyPath: KeyPath<M, Value>, _ lookup: ColumnLookup, _ values: [Value]
    ) throws -> Query {
        let column = try Self.columnNode(keyPath)
        let name = M.columnName(for: keyPath) ?? "\(keyPath)"
        let bound = values.map(\.sqlValue)
        let node: ExpressionNode
        if lookup.takesList {
            guard !bound.contains(where: \.isNull) else {
                throw QuarryError.invalidArgument(name: name, reason: "\(lookup.rawValue) takes no null values")
            }
            node = .inList(column, bound, negated: lookup == .notIn)
        } else {
            guard bound.count == 1, let value = bound.first else {
                throw QuarryError.invalidArgument(name: name, reason: "\(lookup.rawValue) takes exactly one value, got \(bound.count)")
            }
            switch lookup {
            case .exact, .ne:
                node = value.isNull ? .isNull(column, negated: lookup == .ne) : .binary(column, lookup == .ne ? "<>" : "=", .value(value))
            case .lt, .lte, .gt, .gte:
                guard !value.isNull else { throw QuarryError.invalidArgument(name: name, reason: "\(lookup.rawValue) needs a value, not null") }
                let op = [ColumnLookup.lt: "<", .lte: "<=", .gt: ">", .gte: ">="][lookup]!
                node = .binary(column, op, .value(value))
            default:
                guard case .text(let text) = value else {
                    throw QuarryError.invalidArgument(name: name, reason: "\(lookup.rawValue) compares text, and the column is not text")
                }
                let escaped = SQLExpression<String>.escapeLike(text)
                let pattern = lookup == .startswith ? escaped + "%" : lookup == .endswith ? "%" + escaped : "%" + escaped + "%"
                node = .like(column, .value(.text(pattern)), caseInsensitive: lookup == .icontains, escaped: true)
            }
        }
        return filtered(by: node)
    }

    /// Keeps the rows whose column is (or, with `false`, is not) null.
    ///
    /// ```swift
    /// let unverified = try Author.query.filter(\.verifiedAt, isNull: true)
    /// ```
    public func filter<Value>(_ keyPath: KeyPath<M, Value>, isNull: Bool) throws -> Query {
        filtered(by: .isNull(try Self.columnNode(keyPath), negated: !isNull))
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
