extension Model {
    /// Inserts this model and returns it as stored: with the key the
    /// database assigned and the columns' defaults filled in
    /// (`INSERT … RETURNING`; on SQLite, a row whose only database-filled
    /// column is its key comes back from the written values and the new
    /// key, exactly as a read would return it).
    ///
    /// A `nil` auto-increment key, and a `nil` value in any column that has
    /// a database default, are left out so that the database fills them.
    /// Runs the `willSave`/`willCreate` hooks before and `didCreate`/`didSave`
    /// after, and emits a `created` event once committed.
    ///
    /// ```swift
    /// let stored = try await Tag(id: nil, label: "swift").insert(on: db)
    /// print(stored.id!)   // assigned by the database
    /// ```
    @discardableResult
    public func insert(on db: some QueryExecutor) async throws -> Self {
        // The path of `insert(_:on:)` for one row, without arrays of `Self`
        // (each costs run-time type lookups in this unspecialised code).
        try ValidatedSchemas.validate(Self.self)
        let scopes = try ResolvedScopes.of(Self.self)
        var model = self
        try await model.willSave(on: db)
        try await model.willCreate(on: db)
        let values = model.insertedValues(scopes)
        let statements = try Self.statementsFor(
            Self.writtenColumns(values), [values][...], ignoringConflictsOn: nil, dialect: db.dialect)
        guard statements.count == 1 else {
            return try await Self.insertedRow(Self.insert([model], on: db, ignoringConflictsOn: nil, hooked: true).first)
        }
        let stored: Self?
        if Self.recordsChanges {
            stored = try await db.transaction { tx in
                let row = try await Self._fetchFirst(statements[0], on: tx)
                if let row { try await Self.record(ModelEvent(kind: .created, before: nil, after: row), on: tx) }
                return row
            }
        } else {
            stored = try await Self._fetchFirst(statements[0], on: db)
        }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        let row = try Self.insertedRow(stored)
        try await row.finishCreate(on: db)
        return row
    }

    /// The values an insert writes for this model: its columns, with the
    /// scopes' fixed columns (a tenant) stamped.
    private func insertedValues(_ scopes: ResolvedScopes) -> [SQLValue] {
        var values = columnValues()
        Self.stampFixedColumns(&values, scopes)
        return values
    }

    /// The row an insert of one model returned.
    private static func insertedRow(_ row: Self?) throws -> Self {
        guard let row else { throw QuarryError.misuse("INSERT … RETURNING returned no row for \(schema.name)") }
        return row
    }

    /// Inserts many models with multi-row `INSERT`s, as many rows per
    /// statement as the database's bind limit allows, all in one
    /// transaction (a savepoint inside one): all rows are written, or none.
    /// Returns the stored rows in the order given.
    ///
    /// ```swift
    /// let tags = try await Tag.insert(names.map { Tag(id: nil, label: $0) }, on: db)
    /// ```
    @discardableResult
    public static func insert(_ models: [Self], on db: some QueryExecutor) async throws -> [Self] {
        try await insert(models, on: db, ignoringConflictsOn: nil)
    }

    /// Inserts `models` (see ``insert(_:on:)``); with `conflict` columns, a
    /// row that collides with a stored one on them is skipped
    /// (`ON CONFLICT (…) DO NOTHING`) and missing from the result. The
    /// scopes' fixed columns (a tenant) are stamped on every row.
    /// `hooked`: the `will` hooks already ran on `models`.
    static func insert(
        _ models: [Self], on db: some QueryExecutor, ignoringConflictsOn conflict: [String]?, hooked: Bool = false
    ) async throws -> [Self] {
        guard !models.isEmpty else { return [] }
        try ValidatedSchemas.validate(Self.self)
        let scopes = try ResolvedScopes.of(Self.self)
        var prepared = models
        for index in prepared.indices where !hooked {
            try await prepared[index].willSave(on: db)
            try await prepared[index].willCreate(on: db)
        }
        let rows = prepared.map { $0.insertedValues(scopes) }
        // Consecutive rows that leave out the same columns share statements.
        var batches: [(written: [Int], rows: ArraySlice<[SQLValue]>)] = []
        var start = 0
        while start < rows.count {
            let written = writtenColumns(rows[start])
            var end = start + 1
            while end < rows.count && writtenColumns(rows[end]) == written { end += 1 }
            batches.append((written, rows[start..<end]))
            start = end
        }
        let statements = try batches.flatMap { batch in
            try statementsFor(batch.written, batch.rows, ignoringConflictsOn: conflict, dialect: db.dialect)
        }

        func run(_ executor: some QueryExecutor) async throws -> [Self] {
            if statements.count == 1 { return try await Self._fetchAll(statements[0], on: executor) }
            var stored: [Self] = []
            stored.reserveCapacity(models.count)
            for statement in statements {
                stored += try await Self._fetchAll(statement, on: executor)
            }
            return stored
        }
        let stored: [Self]
        if Self.recordsChanges {
            // Each row's record is written in the insert's transaction.
            stored = try await db.transaction { tx in
                let rows = try await run(tx)
                for row in rows { try await Self.record(ModelEvent(kind: .created, before: nil, after: row), on: tx) }
                return rows
            }
        } else {
            stored = statements.count == 1 ? try await run(db) : try await db.transaction { tx in try await run(tx) }
        }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        for model in stored { try await model.finishCreate(on: db) }
        return stored
    }

    /// After a row is stored: its `did` hooks, then its `created` event.
    private func finishCreate(on db: some QueryExecutor) async throws {
        try await didCreate(on: db)
        try await didSave(on: db)
        if db.signals.hasSubscribers(for: Self.self) {
            await db.signals.emit(ModelEvent(kind: .created, before: nil, after: self), on: db)
        }
    }

    /// The columns (indexes) an `INSERT` of `values` names: all but a `nil`
    /// auto-increment key and `nil`s in columns with a database default.
    ///
    /// ```swift
    /// Author.writtenColumns(values)   // [1, 2, 3]: the key is left to the database
    /// ```
    public static func writtenColumns(_ values: [SQLValue]) -> [Int] {
        schema.columns.indices.filter { index in
            let column = schema.columns[index]
            let leftToDatabase = column.isAutoIncrement || column.defaultValue != nil
            return !(leftToDatabase && values[index].isNull)
        }
    }
}
