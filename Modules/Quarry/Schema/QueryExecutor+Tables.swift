extension QueryExecutor {
    /// Creates the tables (and indexes) of `models` if they do not exist, in
    /// one transaction. Real applications use migrations; this is the quick
    /// start and what tests use.
    ///
    /// ```swift
    /// try await db.createTables(Author.self, Post.self)
    /// ```
    public func createTables(_ models: any Model.Type...) async throws {
        try await createTables(models)
    }

    /// Creates the tables of a list of models (`createTables(_:)-variadic`).
    ///
    /// ```swift
    /// let models: [any Model.Type] = [Author.self, Post.self]
    /// try await db.createTables(models)
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` naming an
    ///   index when two tables would share its name, or when an index of
    ///   that name already exists on another table or other columns (which
    ///   `IF NOT EXISTS` would otherwise skip silently); nothing is created.
    public func createTables(_ models: [any Model.Type]) async throws {
        try await transaction { tx in
            var planned: [String: String] = [:]
            for model in models {
                let schema = model.schema, constraints = model.namedConstraints
                let statements = try SchemaSQL.createTable(schema, dialect: tx.dialect, constraints: constraints)
                for index in SchemaSQL.indexes(of: schema, constraints: constraints) {
                    if let other = planned.updateValue(schema.name, forKey: index.name), other != schema.name {
                        throw QuarryError.invalidArgument(
                            name: index.name, reason: "both \(other) and \(schema.name) have an index of this name")
                    }
                    try await tx.checkExistingIndex(index, on: schema.name)
                }
                for statement in statements { try await tx.execute(statement) }
                if let searchable = model as? any Searchable.Type {
                    for statement in searchable.fullTextSetupSQL(tx.dialect) { try await tx.execute(statement) }
                }
            }
        }
    }

    /// Refuses an existing index named like `index` that is not `index`:
    /// another table's, or one over other columns or of other uniqueness.
    private func checkExistingIndex(
        _ index: (name: String, columns: [String], isUnique: Bool), on table: String
    ) async throws {
        guard let row = try await fetchOne(dialect.indexLookup(named: index.name)) else { return }
        let existingTable = try row.decode(at: 0, as: String.self)
        let isUnique: Bool = if case .bool(let flag) = row[1] { flag } else { (try? row.decode(at: 1, as: Int64.self)) != 0 }
        let columns = (try row.decode(at: 2, as: String?.self)).map { $0.split(separator: ",").map(String.init) } ?? []
        guard existingTable == table, isUnique == index.isUnique, columns == index.columns else {
            throw QuarryError.invalidArgument(
                name: index.name,
                reason: "an index of this name already exists on \(existingTable) (\(columns.joined(separator: ", "))\(isUnique ? ", unique" : "")); "
                    + "\(table) needs it on (\(index.columns.joined(separator: ", "))\(index.isUnique ? ", unique" : "")). Rename one of them")
        }
    }

    /// Drops the tables of `models` if they exist, in reverse order (so
    /// that tables referencing others go first), in one transaction.
    ///
    /// ```swift
    /// try await db.dropTables(Author.self, Post.self)
    /// ```
    public func dropTables(_ models: any Model.Type...) async throws {
        try await transaction { tx in
            for model in models.reversed() {
                try await tx.execute(SchemaSQL.dropTable(model.schema))
            }
        }
    }

    /// Creates the views (or replaces them, on PostgreSQL) after the tables
    /// they read, in one transaction. Real applications use migrations.
    ///
    /// ```swift
    /// try await db.createViews(AuthorStats.self)
    /// ```
    public func createViews(_ views: any DatabaseView.Type...) async throws {
        try await transaction { tx in
            for view in views {
                try await tx.execute(SchemaSQL.createView(view.schema.name, view.definition, dialect: tx.dialect, ifNotExists: true))
            }
        }
    }

    /// Drops the views if they exist, in reverse order, in one transaction.
    ///
    /// ```swift
    /// try await db.dropViews(AuthorStats.self)
    /// ```
    public func dropViews(_ views: any DatabaseView.Type...) async throws {
        try await transaction { tx in
            for view in views.reversed() { try await tx.execute(SchemaSQL.dropView(view.schema.name)) }
        }
    }
}
