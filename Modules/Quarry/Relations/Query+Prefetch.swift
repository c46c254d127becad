extension Query {
    /// Loads a to-many relation of every row the query returns, in one more
    /// statement for all of them (not one per row); `configure` filters and
    /// orders the related rows and can prefetch their own relations.
    ///
    /// Rows with no related rows get `[]`; the property stays `nil` only
    /// when it was not loaded. A limit or offset in `configure` applies to
    /// each row's related rows (`ROW_NUMBER()` per parent), still in one
    /// statement.
    ///
    /// ```swift
    /// let authors = try await Author.query
    ///     .prefetch(\.posts) { $0.filter { $0.published == true }.order { $0.id }.prefetch(\.comments) }
    ///     .all(on: db)                      // 3 statements, however many authors
    /// authors[0].posts?.first?.comments     // loaded
    /// ```
    ///
    /// ```swift
    /// let latest = try await Author.query.prefetch(\.posts) { $0.order { $0.id.desc() }.limit(3) }.all(on: db)
    /// ```
    ///
    /// - Throws (when run): ``QuarryError/invalidArgument(name:reason:)`` for
    ///   a key path that is not a relation.
    public func prefetch<Target: ColumnSet>(
        _ relation: any WritableKeyPath<M, [Target]?> & Sendable,
        _ configure: (Query<Target>) -> Query<Target> = { $0 }
    ) -> Query {
        let query = configure(Query<Target>())
        return adding { parents, db in
            let loader = try RelationLoader<M, Target>(M.relationship(for: relation), relation: relation, query: query)
            let related = try await loader.related(to: parents, on: db)
            var parents = parents
            for index in parents.indices { parents[index][keyPath: relation] = related[index] }
            return parents
        }
    }

    /// Loads a to-one relation (`@BelongsTo`, `@HasOne`) of every row in one
    /// more statement; rows without a related row get `nil`, and
    /// `isLoaded(_:)` tells that `nil` from "not loaded".
    ///
    /// ```swift
    /// let posts = try await Post.query.prefetch(\.author).all(on: db)   // 2 statements
    /// posts[0].author?.name
    /// ```
    public func prefetch<Target: ColumnSet>(
        _ relation: any WritableKeyPath<M, Target?> & Sendable,
        _ configure: (Query<Target>) -> Query<Target> = { $0 }
    ) -> Query {
        let query = configure(Query<Target>())
        return adding { parents, db in
            let loader = try RelationLoader<M, Target>(M.relationship(for: relation), relation: relation, query: query)
            let related = try await loader.related(to: parents, on: db)
            var parents = parents
            for index in parents.indices { parents[index][keyPath: relation] = related[index].first }
            return parents
        }
    }

    /// Loads a morph-to relation: one statement per target model present.
    ///
    /// ```swift
    /// let comments = try await Comment.query.prefetch(\.target).all(on: db)
    /// if let post = comments[0].target as? Post { print(post.title) }
    /// ```
    public func prefetch(_ relation: any WritableKeyPath<M, (any Model)?> & Sendable) -> Query {
        adding { parents, db in
            let loader = try MorphLoader<M>(M.relationship(for: relation), relation: relation)
            let targets = try await loader.load(parents, on: db)
            var parents = parents
            for index in parents.indices { parents[index][keyPath: relation] = targets[index] }
            return parents
        }
    }

    /// Two levels of to-many relations: `prefetch(\.posts, \.comments)`.
    public func prefetch<Child: ColumnSet, Grandchild: ColumnSet>(
        _ relation: any WritableKeyPath<M, [Child]?> & Sendable, _ nested: any WritableKeyPath<Child, [Grandchild]?> & Sendable
    ) -> Query {
        prefetch(relation) { $0.prefetch(nested) }
    }

    /// A to-many relation, then a to-one relation of each related row.
    public func prefetch<Child: ColumnSet, Grandchild: ColumnSet>(
        _ relation: any WritableKeyPath<M, [Child]?> & Sendable, _ nested: any WritableKeyPath<Child, Grandchild?> & Sendable
    ) -> Query {
        prefetch(relation) { $0.prefetch(nested) }
    }

    /// A to-one relation, then a to-many relation of the related row.
    public func prefetch<Child: ColumnSet, Grandchild: ColumnSet>(
        _ relation: any WritableKeyPath<M, Child?> & Sendable, _ nested: any WritableKeyPath<Child, [Grandchild]?> & Sendable
    ) -> Query {
        prefetch(relation) { $0.prefetch(nested) }
    }

    /// Two levels of to-one relations: `prefetch(\.post, \.author)`.
    public func prefetch<Child: ColumnSet, Grandchild: ColumnSet>(
        _ relation: any WritableKeyPath<M, Child?> & Sendable, _ nested: any WritableKeyPath<Child, Grandchild?> & Sendable
    ) -> Query {
        prefetch(relation) { $0.prefetch(nested) }
    }

    /// Every matching row with the number of its related rows
    /// (`withCount` in Laravel, `annotate(Count(…))` in Django).
    ///
    /// ```swift
    /// let counts = try await Author.query.order { $0.name }.withCount(\.posts, on: db)   // [(Author, Int)]
    /// ```
    public func withCount<Target: ColumnSet>(
        _ relation: KeyPath<M, [Target]?>, on db: some QueryExecutor
    ) async throws -> [(M, Int)] {
        guard let relationship = M.relationship(for: relation), relationship.kind.isToMany else {
            throw QuarryError.invalidArgument(
                name: "relation", reason: "\(relation) is not a to-many relation of \(M.schema.name)")
        }
        return try await annotated(on: db) { _ in
            RelatedMany<Target>(relationship, from: .table(M.schema.name)).count
        }
    }

    /// This query without its prefetches: only its own rows.
    public func withoutPrefetches() -> Query {
        var query = self
        query.prefetches = []
        return query
    }

    private func adding(_ run: @escaping @Sendable ([M], any QueryExecutor) async throws -> [M]) -> Query {
        var query = self
        query.prefetches.append(Prefetch(run: run))
        return query
    }
}
