import Quarry

extension ColumnSet where Self: Model {
    /// Adds `amount` to a numeric column of the row with key `id` in one
    /// statement (`SET x = x + ?`), so concurrent increments never lose an
    /// update; returns the new value. Compiled like every model write: the
    /// default scopes apply (another tenant's row, a soft-deleted row is not
    /// found), the version of an ``OptimisticLocking`` row is bumped, and an
    /// ``Audited`` row is recorded.
    ///
    /// ```swift
    /// let views = try await Post.increment(on: db, id: 7, \.views)          // +1
    /// let stock = try await Product.increment(on: db, id: 3, \.stock, by: -2)
    /// ```
    ///
    /// - Throws: `QuarryError/notFound(table:key:)` when there is no such
    ///   row in scope, `QuarryError/invalidArgument(name:reason:)` for a
    ///   key path that is not a column or a column a scope fixes.
    @discardableResult
    public static func increment<Value: SQLValueConvertible & Numeric & NumericValue>(
        on db: some QueryExecutor, id: Key, _ keyPath: KeyPath<Self, Value>, by amount: Value = 1
    ) async throws -> Value {
        let column = Column<Self, Value>(try columnNames([keyPath], argument: "keyPath")[0])
        let rows = try await filter { _ in keyCondition(id) }.updateReturning(on: db) { _ in
            [column.set(to: column + amount)]
        }
        guard let row = rows.first else { throw QuarryError.notFound(table: schema.name, key: keyDescription(id)) }
        return row[keyPath: keyPath]
    }

    /// Adds `amount` to a numeric column of this row; returns the new value.
    ///
    /// ```swift
    /// let likes = try await post.increment(\.likes, on: db)
    /// ```
    @discardableResult
    public func increment<Value: SQLValueConvertible & Numeric & NumericValue>(
        _ keyPath: KeyPath<Self, Value>, by amount: Value = 1, on db: some QueryExecutor
    ) async throws -> Value {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key; insert it first")
        }
        return try await Self.increment(on: db, id: key, keyPath, by: amount)
    }
}
