extension FetchableModel {
    /// The row with primary key `id`.
    ///
    /// ```swift
    /// let tag = try await Tag.get(on: db, id: 1)
    /// ```
    ///
    /// - Throws: ``QuarryError/notFound(table:key:)`` when there is none.
    public static func get(on db: some QueryExecutor, id: Key) async throws -> Self {
        guard let found = try await find(on: db, id: id) else {
            throw QuarryError.notFound(table: schema.name, key: keyDescription(id))
        }
        return found
    }

    /// The row with primary key `id`, or `nil`.
    ///
    /// ```swift
    /// if let tag = try await Tag.find(on: db, id: 1) { … }
    /// ```
    public static func find(on db: some QueryExecutor, id: Key) async throws -> Self? {
        let dialect = db.dialect
        if isScoped {
            let sql = "SELECT " + selection + " FROM \(identifier: schema.name) " + (try wherePrimaryKey(id))
                + (try andScopes(dialect))
            return try await db.fetchFirst(Self.self, sql.readOnly())
        }
        let text = try SQLTextCache.shared.text(key(.findByKey, [], dialect), dialect: dialect) {
            "SELECT " + selection + " FROM \(identifier: schema.name) " + (try wherePrimaryKey(id))
        }
        return try await db.fetchFirst(Self.self, .prerendered(text, binds: keyValues(of: id), dialect: dialect, readOnly: true))
    }

    /// Every row, in primary-key order.
    ///
    /// ```swift
    /// let tags = try await Tag.all(on: db)
    /// ```
    public static func all(on db: some QueryExecutor) async throws -> [Self] {
        let order = try primaryKeyOrder()
        return try await db.fetch(
            Self.self,
            ("SELECT " + selection + " FROM \(identifier: schema.name)" + (try whereScopes(db.dialect))
                + " ORDER BY " + order).readOnly())
    }

    /// The row with the smallest primary key, or `nil` for an empty table.
    public static func first(on db: some QueryExecutor) async throws -> Self? {
        let order = try primaryKeyOrder()
        return try await db.fetchFirst(
            Self.self,
            ("SELECT " + selection + " FROM \(identifier: schema.name)" + (try whereScopes(db.dialect))
                + " ORDER BY " + order + " LIMIT 1").readOnly())
    }

    /// The number of rows.
    ///
    /// ```swift
    /// let total = try await Tag.count(on: db)
    /// ```
    public static func count(on db: some QueryExecutor) async throws -> Int {
        try await db.fetchValue(
            Int.self, ("SELECT count(*) FROM \(identifier: schema.name)" + (try whereScopes(db.dialect))).readOnly()) ?? 0
    }

    /// Whether a row with primary key `id` exists.
    public static func exists(on db: some QueryExecutor, id: Key) async throws -> Bool {
        let sql: SQL = "SELECT 1 FROM \(identifier: schema.name) " + (try wherePrimaryKey(id)) + (try andScopes(db.dialect))
        return try await db.fetchValue(Int.self, sql.readOnly()) != nil
    }
}
