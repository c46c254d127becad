import Quarry

extension Model {
    /// Adds `amount` to a numeric column of the row with key `id` in one
    /// statement (`SET x = x + ?`), so concurrent increments never lose an
    /// update; returns the new value.
    ///
    /// ```swift
    /// let views = try await Post.increment(on: db, id: 7, \.views)          // +1
    /// let stock = try await Product.increment(on: db, id: 3, \.stock, by: -2)
    /// ```
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there is no such
    ///   row, ``QuarryError/invalidArgument(name:reason:)`` for a key path
    ///   that is not a column.
    @discardableResult
    public static func increment<Value: SQLValueConvertible & Numeric>(
        on db: some QueryExecutor, id: Key, _ keyPath: KeyPath<Self, Value>, by amount: Value = 1
    ) async throws -> Value {
        let column = try columnNames([keyPath], argument: "keyPath")[0]
        let statement: SQL = "UPDATE \(identifier: schema.name) SET \(identifier: column) = \(identifier: column) + \(amount) "
            + "WHERE " + keyCondition(id).sql(for: db.dialect) + " RETURNING \(identifier: column)"
        guard let value = try await db.fetchValue(Value.self, statement) else {
            throw QuarryError.notFound(table: schema.name, key: keyDescription(id))
        }
        await db.signals.tablesChanged([schema.name], on: db)
        return value
    }

    /// Adds `amount` to a numeric column of this row; returns the new value.
    ///
    /// ```swift
    /// let likes = try await post.increment(\.likes, on: db)
    /// ```
    @discardableResult
    public func increment<Value: SQLValueConvertible & Numeric>(
        _ keyPath: KeyPath<Self, Value>, by amount: Value = 1, on db: some QueryExecutor
    ) async throws -> Value {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key; insert it first")
        }
        return try await Self.increment(on: db, id: key, keyPath, by: amount)
    }
}
