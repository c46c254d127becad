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
            // Scopes bind task-local values (the tenant): compiled per call.
            let sql = try selectStatement(selection, where: keyNode(id), scopes: try ResolvedScopes.of(Self.self), dialect: dialect)
            return try await Self._fetchFirst(sql.readOnly(), on: db)
        }
        return try await Self._fetchFirst(
            .prerendered(try unscopedFindText(id, dialect), binds: keyValues(of: id), dialect: dialect, readOnly: true), on: db)
    }

    /// `find`'s text for a model without scopes, compiled once per dialect
    /// (also an update's ``ReadBack``).
    static func unscopedFindText(_ id: Key, _ dialect: some SQLDialect) throws -> String {
        try SQLTextCache.shared.text(key(.findByKey, [], dialect), dialect: dialect) {
            try selectStatement(selection, where: keyNode(id), scopes: .none, dialect: dialect)
        }
    }

    /// The statement ``find(on:id:)`` runs for `id`, as the current task
    /// would run it (the model's scopes included: the tenant, soft delete) —
    /// for code that keys results by it, such as caches.
    ///
    /// ```swift
    /// let (text, binds) = try Invoice.findStatement(id: 7, dialect: db.dialect)
    /// // SELECT … FROM "invoices" WHERE ("invoices"."id" = ?) AND ("invoices"."tenant_id" = ?)   [7, "acme"]
    /// ```
    public static func findStatement(id: Key, dialect: some SQLDialect) throws -> (text: String, binds: [SQLValue]) {
        if !isScoped { return (try unscopedFindText(id, dialect), keyValues(of: id)) }
        return try selectStatement(selection, where: keyNode(id), scopes: try ResolvedScopes.of(Self.self), dialect: dialect)
            .render(for: dialect)
    }

    /// Every row, in primary-key order.
    ///
    /// ```swift
    /// let tags = try await Tag.all(on: db)
    /// ```
    public static func all(on db: some QueryExecutor) async throws -> [Self] {
        let sql = try selectStatement(selection, where: nil, scopes: try ResolvedScopes.of(Self.self), orderedByKey: true, dialect: db.dialect)
        return try await Self._fetchAll(sql.readOnly(), on: db)
    }

    /// The row with the smallest primary key, or `nil` for an empty table.
    public static func first(on db: some QueryExecutor) async throws -> Self? {
        let sql = try selectStatement(
            selection, where: nil, scopes: try ResolvedScopes.of(Self.self), orderedByKey: true, limit: 1, dialect: db.dialect)
        return try await Self._fetchFirst(sql.readOnly(), on: db)
    }

    /// The number of rows.
    ///
    /// ```swift
    /// let total = try await Tag.count(on: db)
    /// ```
    public static func count(on db: some QueryExecutor) async throws -> Int {
        let sql = try selectStatement("count(*)", where: nil, scopes: try ResolvedScopes.of(Self.self), dialect: db.dialect)
        return try await db.fetchValue(Int.self, sql.readOnly()) ?? 0
    }

    /// Whether a row with primary key `id` exists.
    public static func exists(on db: some QueryExecutor, id: Key) async throws -> Bool {
        try await exists(on: db, id: id, withoutScopes: [])
    }

    /// Whether a row with primary key `id` exists when the default scopes
    /// named in `dropped` do not apply (the others still do).
    ///
    /// ```swift
    /// let kept = try await Note.exists(on: db, id: 7, withoutScopes: ["softDelete"])   // deleted or not
    /// ```
    public static func exists(on db: some QueryExecutor, id: Key, withoutScopes dropped: Set<String>) async throws -> Bool {
        let scopes = try ResolvedScopes.of(Self.self, dropping: dropped)
        let sql = try selectStatement("1", where: keyNode(id), scopes: scopes, limit: 1, dialect: db.dialect)
        return try await db.fetchValue(Int.self, sql.readOnly()) != nil
    }
}
