/// One relation to load after a query's rows: a step of ``Query``'s
/// `prefetch`, run once for all rows (never once per row).
struct Prefetch<M: ColumnSet>: Sendable {
    let run: @Sendable ([M], any QueryExecutor) async throws -> [M]
}

/// Loads the target rows of one relation for many parents: one `SELECT`
/// per chunk of parent keys (chunks fill the dialect's bind limit, so
/// usually one), then the target query's own prefetches once over all of
/// them.
struct RelationLoader<Parent: ColumnSet, Target: ColumnSet>: Sendable {
    let relationship: Relationship
    let query: Query<Target>

    init(_ relationship: Relationship?, relation: AnyKeyPath, query: Query<Target>) throws {
        guard let relationship else {
            throw QuarryError.invalidArgument(
                name: "relation", reason: "\(relation) is not a relation of \(Parent.schema.name)")
        }
        try relationship.validate()
        guard relationship.targetTable == Target.schema.name else {
            throw QuarryError.invalidArgument(
                name: relationship.name,
                reason: "relates \(Parent.schema.name) to \(relationship.targetTable), not \(Target.schema.name)")
        }
        self.relationship = relationship
        self.query = query
    }

    /// Each parent's related rows, in the target query's order (`[]` for
    /// none): one statement per chunk of distinct parent keys.
    func related(to parents: [Parent], on db: any QueryExecutor) async throws -> [[Target]] {
        if relationship.isComposite {
            let keys = try compositeParentKeys(parents)
            let slots = KeySlots(keys)
            let buckets = try await loadComposite(slots, on: db)
            return keys.map { key in key.flatMap(slots.slot(of:)).map { buckets[$0] } ?? [] }
        }
        let keys = try parentKeys(parents)
        let slots = KeySlots(keys.lazy.map { $0.isNull ? nil : $0 })
        let buckets = try await load(slots, on: db)
        return keys.map { key in slots.slot(of: key).map { buckets[$0] } ?? [] }
    }

    /// Each parent's link value (`.null` when it has none).
    private func parentKeys(_ parents: [Parent]) throws -> [SQLValue] {
        if relationship.parentColumn == Parent.schema.primaryKeyName {
            return parents.map { $0.primaryKey.map { Parent.keyValues(of: $0)[0] } ?? .null }
        }
        let index = try columnIndex(relationship.parentColumn, of: Parent.self)
        return parents.map { $0.columnValue(at: index) }
    }

    /// Each parent's link values (`nil` when one of them is `NULL`).
    private func compositeParentKeys(_ parents: [Parent]) throws -> [[SQLValue]?] {
        let indices = try relationship.parentColumns.map { try columnIndex($0, of: Parent.self) }
        return parents.map { parent in
            let values = parent.columnValues()
            let key = indices.map { values[$0] }
            return key.contains(.null) ? nil : key
        }
    }

    private func columnIndex<M: FetchableModel>(_ name: String, of model: M.Type) throws -> Int {
        guard let index = M.schema.columns.firstIndex(where: { $0.name == name }) else {
            throw QuarryError.invalidArgument(name: relationship.name, reason: "\(name) is not a column of \(M.schema.name)")
        }
        return index
    }

    /// The target rows of each parent key (one bucket per slot), in the
    /// target query's order.
    private func load(_ slots: KeySlots<SQLValue>, on db: any QueryExecutor) async throws -> [[Target]] {
        let distinct = slots.keys
        guard !distinct.isEmpty else { return [] }

        let table = Target.schema.name
        let selection = Target.qualifiedSelection
        let match = relationship.matchNode(target: table)
        var base = query
        base.prefetches = []
        base.join = relationship.junction == nil ? nil : relationship.joinSQL(target: table)
        if let discriminator = relationship.discriminatorNode(target: table) {
            base.predicate = base.predicate.map { .binary($0, "AND", discriminator) } ?? discriminator
        }
        let fixedBinds = try base.select(selection, dialect: db.dialect).binds.count
        let chunkSize = max(1, db.dialect.maxBindParameters - fixedBinds)

        // Without a junction the key each row matched is a column of the
        // row itself, read back through the model's own encoding (as the
        // parent's key is) by a fetch compiled for `Target`. Through a
        // junction it comes as an extra column, decoded as the key's type.
        let keyColumn = relationship.junction == nil ? try columnIndex(relationship.targetColumn, of: Target.self) : nil
        // Parallel arrays, not an array of tuples: generic tuples cost a
        // metadata lookup per element.
        var keys: [SQLValue] = []
        var rows: [Target] = []
        var start = 0
        while start < distinct.count {
            let chunk = Array(distinct[start..<min(start + chunkSize, distinct.count)])
            start += chunk.count
            var statement = base
            let within = ExpressionNode.inList(match, chunk, negated: false)
            statement.predicate = statement.predicate.map { .binary(within, "AND", $0) } ?? within
            let sql = try perParent(statement, selection, partition: [match], annotated: keyColumn == nil, db.dialect)
            if let keyColumn {
                let fetched = try await Target._fetchAll(sql.readOnly(), keyColumn: keyColumn, on: db)
                rows += fetched.rows
                keys += fetched.keys
                continue
            }
            // The relation validated, so the key on its side is one column's.
            let keyType: Any.Type = relationship.kind == .belongsTo ? Target.Key.self : Parent.Key.self
            guard let single = keyType as? any SQLValueConvertible.Type else {
                throw QuarryError.invalidArgument(
                    name: relationship.name, reason: "relations need a single-column primary key")
            }
            try await keyed(single, sql, on: db, &keys, &rows)
        }

        let loaded = try await query.runPrefetches(rows, on: db)
        return slots.buckets(loaded, at: keys.map(slots.slot(of:)))
    }

    private func keyed<Key: SQLValueConvertible>(
        _ type: Key.Type, _ sql: SQL, on db: any QueryExecutor, _ keys: inout [SQLValue], _ rows: inout [Target]
    ) async throws {
        var newKeys: [SQLValue] = []
        var newRows: [Target] = []
        try await db.run(sql.readOnly(), decoding: AnnotatedRow<Target, Key>.self) { row in
            newKeys.append(row.value.sqlValue)
            newRows.append(row.model)
        }
        keys += newKeys
        rows += newRows
    }

    /// The target rows of a composite link: matched on every link column
    /// with a row-value `IN`, grouped by the target's own link values (no
    /// annotation needed: they are columns of the target row).
    private func loadComposite(_ slots: KeySlots<[SQLValue]>, on db: any QueryExecutor) async throws -> [[Target]] {
        let distinct = slots.keys
        guard !distinct.isEmpty else { return [] }

        let table = Target.schema.name
        let selection = Target.qualifiedSelection
        let columns = relationship.targetColumns.map { ExpressionNode.column(table: table, name: $0) }
        let indices = try relationship.targetColumns.map { try columnIndex($0, of: Target.self) }
        var base = query
        base.prefetches = []
        let fixedBinds = try base.select(selection, dialect: db.dialect).binds.count
        let chunkSize = max(1, (db.dialect.maxBindParameters - fixedBinds) / columns.count)

        var rows: [Target] = []
        var start = 0
        while start < distinct.count {
            let chunk = Array(distinct[start..<min(start + chunkSize, distinct.count)])
            start += chunk.count
            var statement = base
            let within = ExpressionNode.rowInList(columns, chunk)
            statement.predicate = statement.predicate.map { .binary(within, "AND", $0) } ?? within
            let sql = try perParent(statement, selection, partition: columns, annotated: false, db.dialect)
            rows += try await db.fetch(Target.self, sql.readOnly())
        }

        let loaded = try await query.runPrefetches(rows, on: db)
        let rowSlots = loaded.map { row in
            let values = row.columnValues()
            return slots.slot(of: indices.map { values[$0] })
        }
        return slots.buckets(loaded, at: rowSlots)
    }

    /// The `SELECT` of one chunk: the query as is, or, when it has a limit
    /// or an offset, numbered per parent with `ROW_NUMBER()` over the
    /// `partition` columns so that the limit applies to each parent's rows
    /// ("each author's 3 latest posts"). `annotated` adds the parent key
    /// (`partition[0]`) as `quarry_parent`.
    private func perParent(
        _ statement: Query<Target>, _ selection: SQL, partition: [ExpressionNode], annotated: Bool,
        _ dialect: any SQLDialect
    ) throws -> SQL {
        let key: SQL = annotated ? ", " + partition[0].render(dialect) + " AS quarry_parent" : ""
        guard statement.limitCount != nil || statement.offsetCount != nil else {
            return try statement.select(selection + key, dialect: dialect)
        }
        try statement.validate()
        var inner = statement
        inner.limitCount = nil
        inner.offsetCount = nil
        inner.orderings = []
        let order = statement.orderings.isEmpty
            ? "" : " ORDER BY " + SQL.join(statement.orderings.map { $0.render(dialect) }, separator: ", ")
        let rank = ", ROW_NUMBER() OVER (PARTITION BY " + SQL.join(partition.map { $0.render(dialect) }, separator: ", ")
            + order + ") AS quarry_rank"
        let low = statement.offsetCount ?? 0
        var sql = "SELECT " + SQL.join(
            Target.schema.columns.map { "\(identifier: $0.name)" as SQL } + (annotated ? ["quarry_parent"] : []),
            separator: ", ")
        sql.append(" FROM (" + (try inner.select(selection + key + rank, dialect: dialect)) + ") AS quarry_ranked")
        sql.append(" WHERE quarry_rank > \(low)")
        if let limit = statement.limitCount { sql.append(" AND quarry_rank <= \(low + limit)") }
        sql.append(" ORDER BY quarry_rank")
        return sql
    }
}

extension Query {
    /// Runs this query's prefetches over `rows`, in order: for rows loaded
    /// another way (a cache) that should get the query's relations.
    ///
    /// ```swift
    /// let posts = try await query.runPrefetches(cachedPosts, on: db)
    /// ```
    public func runPrefetches(_ rows: [M], on db: any QueryExecutor) async throws -> [M] {
        guard !rows.isEmpty else { return rows }
        var rows = rows
        for prefetch in prefetches { rows = try await prefetch.run(rows, db) }
        return rows
    }
}
