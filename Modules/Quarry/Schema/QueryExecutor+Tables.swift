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

    /// Creates the tables of a list of models (``createTables(_:)-variadic``).
    ///
    /// ```swift
    /// let models: [any Model.Type] = [Author.self, Post.self]
    /// try await db.createTables(models)
    /// ```
    public func createTables(_ models: [any Model.Type]) async throws {
        try await transaction { tx in
            for model in models {
                for statement in try SchemaSQL.createTable(
                    model.schema, dialect: tx.dialect, constraints: model.namedConstraints)
                {
                    try await tx.execute(statement)
                }
                if let searchable = model as? any Searchable.Type {
                    for statement in searchable.fullTextSetupSQL(tx.dialect) { try await tx.execute(statement) }
                }
            }
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
