/// A typed query over one model's table: filters, order, limit and offset,
/// compiled to SQL per dialect with every value bound.
///
/// Queries are values: each method returns a new query.
///
/// ```swift
/// let page = try await Author
///     .filter { $0.karma >= 10 && $0.name.hasPrefix("A") }
///     .order { $0.name }
///     .limit(20)
///     .all(on: db)
/// let (sql, binds) = try Author.filter { $0.karma > 3 }.sql(for: PostgresDialect())
/// // SELECT … FROM "authors" WHERE ("karma" > $1)   [3]
/// ```
public struct Query<M: ColumnSet>: Sendable {
    var predicate: ExpressionNode?
    var orderings: [Ordering] = []
    var limitCount: Int?
    var offsetCount: Int?
    var isDistinct = false
    var lock: RowLock?
    var groupings: [ExpressionNode] = []
    var havingCondition: ExpressionNode?
    /// For each grouping, its 1-based position in the select list, if selected.
    var groupingOrdinals: [Int?] = []
    /// Set by `aggregate`: grouping clauses apply.
    var isAggregate = false
    /// A join after the table (a junction, when prefetching many-to-many).
    var join: SQL?
    /// Relations loaded after the rows, in order.
    var prefetches: [Prefetch<M>] = []
    /// Set by `unscoped()`: the model's default scopes do not apply.
    var isUnscoped = false
    /// Default scopes dropped by name (`withoutScope`).
    var droppedScopes: Set<String> = []

    /// How `forUpdate` locks the selected rows.
    enum RowLock: Sendable {
        case wait, skipLocked, noWait
    }

    public init() {}

    /// Keeps the rows matching `predicate` too (AND).
    public func filter(_ predicate: (M.Columns) -> Condition) -> Query {
        filtered(by: predicate(M.columns).node)
    }

    /// This query with `node` ANDed to its predicate.
    func filtered(by node: ExpressionNode) -> Query {
        var query = self
        query.predicate = query.predicate.map { .binary($0, "AND", node) } ?? node
        return query
    }

    /// Orders by an expression, ascending.
    public func order<E: QueryExpression>(_ expression: (M.Columns) -> E) -> Query {
        order { expression($0).asc() }
    }

    /// Orders by a term (`$0.karma.desc(nulls: .last)`); later calls break ties.
    public func order(_ ordering: (M.Columns) -> Ordering) -> Query {
        var query = self
        query.orderings.append(ordering(M.columns))
        return query
    }

    /// At most `count` rows.
    public func limit(_ count: Int) -> Query {
        var query = self
        query.limitCount = count
        return query
    }

    /// Skips the first `count` rows.
    public func offset(_ count: Int) -> Query {
        var query = self
        query.offsetCount = count
        return query
    }

    /// `count` rows chosen at random (`ORDER BY random() LIMIT count`),
    /// replacing any order and limit.
    ///
    /// ```swift
    /// let picks = try await Question.filter { $0.active == true }.sample(5).all(on: db)
    /// ```
    public func sample(_ count: Int) -> Query {
        var query = self
        query.orderings = [Ordering(node: .function("random", []), descending: false, nulls: nil)]
        query.limitCount = count
        return query
    }

    /// This query without the model's default scopes (a ``ScopedModel``:
    /// soft-deleted rows, other tenants' rows). Use with care.
    ///
    /// ```swift
    /// let everything = try await Note.query.unscoped().count(on: db)
    /// ```
    public func unscoped() -> Query {
        var query = self
        query.isUnscoped = true
        return query
    }

    /// This query without the model's default scope named `name` (soft
    /// delete's `withDeleted()` drops "softDelete", and only that).
    public func withoutScope(_ name: String) -> Query {
        var query = self
        query.droppedScopes.insert(name)
        return query
    }

    /// Drops duplicate rows.
    public func distinct() -> Query {
        var query = self
        query.isDistinct = true
        return query
    }

    /// Locks the selected rows until the transaction ends (`FOR UPDATE`).
    ///
    /// On PostgreSQL, `skipLocked` leaves out rows another transaction holds
    /// (a job queue) and `noWait` fails at once with ``QuarryError/timeout(_:)``
    /// instead of waiting. SQLite has no row locks: inside
    /// `db.transaction` the whole database is already locked for writing
    /// (`BEGIN IMMEDIATE`), so the clause is left out and both options are
    /// moot.
    ///
    /// ```swift
    /// try await db.transaction { tx in
    ///     let job = try await Job.filter { $0.state == .queued }.order { $0.id }
    ///         .forUpdate(skipLocked: true).first(on: tx)
    /// }
    /// ```
    public func forUpdate(skipLocked: Bool = false, noWait: Bool = false) -> Query {
        var query = self
        query.lock = skipLocked ? .skipLocked : (noWait ? .noWait : .wait)
        return query
    }

    /// ` WHERE …` of this query's filter (empty without one), for code that
    /// builds its own statements over the same rows.
    public func whereSQL(for dialect: some SQLDialect) throws -> SQL {
        try validate()
        return try whereClause(dialect)
    }

    /// The tables this query reads: its model's, and those of its relation
    /// filters and subqueries — what a cached result depends on.
    ///
    /// ```swift
    /// Post.filter { $0.author.name == "Ada" }.tablesRead   // ["posts", "authors"]
    /// ```
    public var tablesRead: Set<String> {
        var tables: Set<String> = [M.schema.name]
        for node in [predicate, havingCondition].compactMap({ $0 }) + groupings + orderings.map(\.node) {
            tables.formUnion(node.tables)
        }
        return tables
    }

    /// The `SELECT` this query runs, for inspection and logging.
    public func sql(for dialect: some SQLDialect) throws -> (text: String, binds: [SQLValue]) {
        try select(M.selection, dialect: dialect).render(for: dialect)
    }

    // MARK: - Compiling

    /// The model's default scopes as this query applies them (none when unscoped).
    func resolvedScopes() throws -> ResolvedScopes {
        try ResolvedScopes.of(M.self, unscoped: isUnscoped, dropping: droppedScopes)
    }

    /// The filter and, unless unscoped, the model's default scopes.
    func effectivePredicate() throws -> ExpressionNode? {
        effectivePredicate(try resolvedScopes())
    }

    /// The filter ANDed with already resolved scopes.
    func effectivePredicate(_ scopes: ResolvedScopes) -> ExpressionNode? {
        ([predicate].compactMap { $0 } + scopes.conditions).reduce(nil) { result, node in
            result.map { .binary($0, "AND", node) } ?? node
        }
    }

    func whereClause(_ dialect: any SQLDialect) throws -> SQL {
        guard let predicate = try effectivePredicate() else { return "" }
        return " WHERE " + predicate.render(dialect)
    }

    /// Rejects a negative limit or offset, and a relation that cannot work.
    func validate() throws {
        // The model's own scopes first: "no tenant set" names the model.
        _ = try resolvedScopes()
        for node in [predicate, havingCondition].compactMap({ $0 }) + groupings + orderings.map(\.node) {
            if let error = node.compileError { throw error }
        }
        if let limitCount, limitCount < 0 {
            throw QuarryError.invalidArgument(name: "limit", reason: "must not be negative, got \(limitCount)")
        }
        if let offsetCount, offsetCount < 0 {
            throw QuarryError.invalidArgument(name: "offset", reason: "must not be negative, got \(offsetCount)")
        }
    }

    func select(_ columns: SQL, dialect: any SQLDialect, ordered: Bool = true) throws -> SQL {
        try validate()
        var sql: SQL = isDistinct ? "SELECT DISTINCT " : "SELECT "
        sql.append(columns)
        sql.append(" FROM \(identifier: M.schema.name)")
        if let join { sql.append(join) }
        sql.append(try whereClause(dialect))
        if isAggregate && !groupings.isEmpty {
            let terms = groupings.indices.map { index -> SQL in
                if index < groupingOrdinals.count, let ordinal = groupingOrdinals[index] {
                    return SQL(stringLiteral: String(ordinal))
                }
                return groupings[index].render(dialect)
            }
            sql.append(" GROUP BY " + SQL.join(terms, separator: ", "))
        }
        if isAggregate, let havingCondition {
            sql.append(" HAVING " + havingCondition.render(dialect))
        }
        if ordered && !orderings.isEmpty {
            sql.append(" ORDER BY " + SQL.join(orderings.map { $0.render(dialect) }, separator: ", "))
        }
        if let limitCount {
            sql.append(" LIMIT \(limitCount)")
        } else if offsetCount != nil {
            // SQLite needs a LIMIT before OFFSET; -1 / ALL mean no limit.
            sql.append(sql: dialect.name == "postgres" ? " LIMIT ALL" : " LIMIT -1")
        }
        if let offsetCount { sql.append(" OFFSET \(offsetCount)") }
        if let lock, dialect.name == "postgres" {
            switch lock {
            case .wait: sql.append(sql: " FOR UPDATE")
            case .skipLocked: sql.append(sql: " FOR UPDATE SKIP LOCKED")
            case .noWait: sql.append(sql: " FOR UPDATE NOWAIT")
            }
        }
        return sql
    }
}
