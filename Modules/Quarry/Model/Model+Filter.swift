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
        let sql = try selectStatement(
            selection, where: try condition(keyPath, value), scopes: try ResolvedScopes.of(Self.self), orderedByKey: true,
            dialect: db.dialect)
        return try await Self._fetchAll(sql.readOnly(), on: db)
    }

    /// The first row (by primary key) whose column equals `value`, or `nil`.
    ///
    /// ```swift
    /// let ada = try await Author.first(on: db, \.email, equals: "ada@x.io")
    /// ```
    public static func first<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Self? {
        let sql = try selectStatement(
            selection, where: try condition(keyPath, value), scopes: try ResolvedScopes.of(Self.self), orderedByKey: true,
            limit: 1, dialect: db.dialect)
        return try await Self._fetchFirst(sql.readOnly(), on: db)
    }

    /// The number of rows whose column equals `value`.
    ///
    /// ```swift
    /// let banned = try await Author.count(on: db, \.status, equals: .banned)
    /// ```
    public static func count<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Int {
        let sql = try selectStatement(
            "count(*)", where: try condition(keyPath, value), scopes: try ResolvedScopes.of(Self.self), dialect: db.dialect)
        return try await db.fetchValue(Int.self, sql.readOnly()) ?? 0
    }

    /// Whether any row's column equals `value`.
    ///
    /// ```swift
    /// let taken = try await Author.exists(on: db, \.email, equals: "ada@x.io")
    /// ```
    public static func exists<Value: SQLValueConvertible>(
        on db: some QueryExecutor, _ keyPath: KeyPath<Self, Value>, equals value: Value
    ) async throws -> Bool {
        let sql = try selectStatement(
            "1", where: try condition(keyPath, value), scopes: try ResolvedScopes.of(Self.self), limit: 1, dialect: db.dialect)
        return try await db.fetchValue(Int.self, sql.readOnly()) != nil
    }

    /// The first row (by primary key) whose columns hold `values` (column
    /// name → value; `NULL` matches `IS NULL`), or `nil`: a natural-key
    /// lookup by columns named at run time (seed files, imports), scoped
    /// like every read.
    ///
    /// ```swift
    /// let ada = try await Author.first(on: db, matching: ["email": .text("ada@x.io")])
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for no
    ///   columns or a name that is not a column.
    public static func first(on db: some QueryExecutor, matching values: [String: SQLValue]) async throws -> Self? {
        guard !values.isEmpty else {
            throw QuarryError.invalidArgument(name: "matching", reason: "name at least one column")
        }
        let conditions = try values.sorted { $0.key < $1.key }.map { name, value -> ExpressionNode in
            guard schema.columns.contains(where: { $0.name == name }) else {
                throw QuarryError.invalidArgument(name: "matching", reason: "\(name) is not a column of \(schema.name)")
            }
            let node = ExpressionNode.column(table: schema.name, name: name)
            return value.isNull ? .isNull(node, negated: false) : .binary(node, "=", .value(value))
        }
        let sql = try selectStatement(
            selection, where: conditions.dropFirst().reduce(conditions[0]) { .binary($0, "AND", $1) },
            scopes: try ResolvedScopes.of(Self.self), orderedByKey: true, limit: 1, dialect: db.dialect)
        return try await Self._fetchFirst(sql.readOnly(), on: db)
    }

    /// `column = value`, or `column IS NULL` for `nil`.
    private static func condition<Value: SQLValueConvertible>(_ keyPath: KeyPath<Self, Value>, _ value: Value) throws -> ExpressionNode {
        guard let column = columnName(for: keyPath) else {
            throw QuarryError.invalidArgument(name: "keyPath", reason: "\(keyPath) is not a column of \(schema.name)")
        }
        let node = ExpressionNode.column(table: schema.name, name: column)
        let bound = value.sqlValue
        return bound.isNull ? .isNull(node, negated: false) : .binary(node, "=", .value(bound))
    }
}
