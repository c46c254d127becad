extension FetchableModel {
    /// The rows whose column equals `value` (`IS NULL` for `nil`), in
    /// primary-key order. The full query language is ``Query`` (`Author.filter { … }`);
    /// this is the everyday lookup.
    ///
    /// ```swift
    /// let banned = try await Author.filter(on: db, \.status, equals: .banned)
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key
    ///   path that is not a column.
    public static func filter<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> [Self] {
        let order = try primaryKeyOrder()
        return try await db.fetch(
            Self.self,
            ("SELECT " + selection + " FROM \(identifier: schema.name) WHERE " + (try condition(keyPath, value))
                + " ORDER BY " + order).readOnly())
    }

    /// The first row (by primary key) whose column equals `value`, or `nil`.
    ///
    /// ```swift
    /// let ada = try await Author.first(on: db, \.email, equals: "ada@x.io")
    /// ```
    public static func first<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Self? {
        let order = try primaryKeyOrder()
        return try await db.fetchFirst(
            Self.self,
            ("SELECT " + selection + " FROM \(identifier: schema.name) WHERE " + (try condition(keyPath, value))
                + " ORDER BY " + order + " LIMIT 1").readOnly())
    }

    /// The number of rows whose column equals `value`.
    public static func count<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Int {
        try await db.fetchValue(
            Int.self, ("SELECT count(*) FROM \(identifier: schema.name) WHERE " + (try condition(keyPath, value))).readOnly()) ?? 0
    }

    /// Whether any row's column equals `value`.
    public static func exists<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Bool {
        let sql: SQL = "SELECT 1 FROM \(identifier: schema.name) WHERE " + (try condition(keyPath, value)) + " LIMIT 1"
        return try await db.fetchValue(Int.self, sql.readOnly()) != nil
    }

    private static func condition<Value: SQLValueConvertible>(_ keyPath: KeyPath<Self, Value>, _ value: Value) throws -> SQL {
        guard let column = columnName(for: keyPath) else {
            throw QuarryError.invalidArgument(name: "keyPath", reason: "\(keyPath) is not a column of \(schema.name)")
        }
        let bound = value.sqlValue
        return bound.isNull ? "\(identifier: column) IS NULL" : "\(identifier: column) = \(bound)"
    }
}
