extension Model {
    /// Writes every column of this model to its row and returns the row as
    /// stored. Runs the `willSave`/`willUpdate` hooks before and
    /// `didUpdate`/`didSave` after, and emits an `updated` event once committed.
    ///
    /// ```swift
    /// var tag = try await Tag.get(on: db, id: 1)
    /// tag.label = "swift-6"
    /// tag = try await tag.update(on: db)
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a model
    ///   without a key, ``QuarryError/notFound(table:key:)`` when the row is gone.
    @discardableResult
    public func update(on db: some QueryExecutor) async throws -> Self {
        if Self.recordsChanges && !(db is Transaction) {
            return try await db.transaction { tx in try await self.update(on: tx) }
        }
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key cannot be updated; insert it first")
        }
        var model = self
        try await model.willSave(on: db)
        try await model.willUpdate(on: db)
        // The row as it was, for the event — loaded only when someone listens.
        let before = db.signals.hasSubscribers(for: Self.self) || Self.recordsChanges
            ? try await Self.find(on: db, id: key) : nil
        let stored = try await model.write(key: key, columns: nil, on: db)
        if Self.recordsChanges { try await Self.record(ModelEvent(kind: .updated, before: before, after: stored), on: db) }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        try await stored.didUpdate(on: db)
        try await stored.didSave(on: db)
        if db.signals.hasSubscribers(for: Self.self) {
            await db.signals.emit(ModelEvent(kind: .updated, before: before, after: stored), on: db)
        }
        return stored
    }

    /// Saves the columns that changed since the model was loaded: inserts a
    /// model that has no key yet (or was never stored), updates only the
    /// changed columns of one that was loaded, and writes nothing (hooks
    /// and event included) when nothing changed. Without a snapshot (a model
    /// built in Swift) every column is written.
    ///
    /// ```swift
    /// var author = try await Author.get(on: db, id: 1)
    /// author.karma += 1
    /// author = try await author.save(on: db)   // UPDATE "authors" SET "karma" = ? WHERE "id" = ?
    /// ```
    @discardableResult
    public func save(on db: some QueryExecutor) async throws -> Self {
        if Self.recordsChanges && !(db is Transaction) {
            return try await db.transaction { tx in try await self.save(on: tx) }
        }
        guard let key = primaryKey else { return try await insert(on: db) }
        guard let before = _quarryLoadedValues else {
            if try await Self.exists(on: db, id: key) { return try await update(on: db) }
            return try await insert(on: db)
        }
        var model = self
        try await model.willSave(on: db)
        try await model.willUpdate(on: db)
        let after = model.columnValues()
        let changed = Set(after.indices.filter { after[$0] != before[$0] })
        if changed.isEmpty { return model }
        let stored = try await model.write(key: key, columns: changed, on: db)
        let isObserved = db.signals.hasSubscribers(for: Self.self)
        // The row as loaded, for the event: rebuilt only when someone looks.
        let original = Self.recordsChanges || isObserved ? try Self.rebuilt(from: before) : nil
        if Self.recordsChanges { try await Self.record(ModelEvent(kind: .updated, before: original, after: stored), on: db) }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        try await stored.didUpdate(on: db)
        try await stored.didSave(on: db)
        if isObserved {
            await db.signals.emit(ModelEvent(kind: .updated, before: original, after: stored), on: db)
        }
        return stored
    }

    /// `UPDATE … RETURNING` of `columns` (indexes; `nil`: every non-key column),
    /// or on SQLite inside a transaction the `UPDATE` and a read of the row
    /// (``ReadBack``), compiled by the statement compiler: the scopes limit the row, a
    /// column a scope fixes is never written (changing it is refused), the
    /// model's stamps are written, and a ``VersionedModel`` also needs its
    /// version unchanged and bumps it.
    private func write(key: Key, columns selected: Set<Int>?, on db: some QueryExecutor) async throws -> Self {
        let columns = Self.schema.columns
        let keyIndices = Set(try Self.schema.primaryKeyIndices())
        let scopes = try ResolvedScopes.of(Self.self)
        var values = columnValues()
        if let moved = Self.movedFixedColumn(values, written: selected, scopes) {
            // A changed tenant column is refused; a row of another scope is not found.
            let isOwnRow = selected != nil ? true : try await Self.exists(on: db, id: key)
            guard isOwnRow else {
                throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key))
            }
            throw Self.fixedColumnError(moved.column, scope: moved.scope)
        }
        let fixedIndices = Self.fixedColumnIndexes(scopes)
        let versioned = Self._quarryTraits.isVersioned
            ? (self as? any VersionedModel).map { ($0.rowVersion, type(of: $0).versionColumn) } : nil
        let versionIndex = versioned.flatMap { version in columns.firstIndex { $0.name == version.1 } }
        if versioned != nil && versionIndex == nil {
            throw QuarryError.invalidArgument(name: "versionColumn", reason: "\(versioned!.1) is not a column of \(Self.schema.name)")
        }
        if let versionIndex, let versioned { values[versionIndex] = .int(versioned.0 + 1) }
        var assigned = columns.indices.filter {
            !keyIndices.contains($0) && !fixedIndices.contains($0) && (selected?.contains($0) ?? true)
        }
        if let versionIndex, !assigned.contains(versionIndex) { assigned.append(versionIndex) }
        // The model's stamps (updatedAt) are written from the model, which its hooks set.
        if Self._quarryTraits.stampsUpdates, let stamping = Self.self as? any BulkUpdateStamping.Type {
            for stamp in stamping.bulkUpdateAssignments() {
                if let index = columns.firstIndex(where: { $0.name == stamp.column }), !assigned.contains(index) {
                    assigned.append(index)
                }
            }
        }
        guard !assigned.isEmpty else { return self }
        let dialect = db.dialect
        var predicate = Self.keyNode(key)
        if let versioned {
            let column = ExpressionNode.column(table: Self.schema.name, name: versioned.1)
            predicate = .binary(predicate, "AND", .binary(column, "=", .value(.int(versioned.0))))
        }
        let update = { (scopes: ResolvedScopes) throws -> SQL in
            let assignments = assigned.map { Assignment(column: columns[$0].name, value: .value(values[$0])) }
            return try Self.updateStatement(assignments, where: predicate, scopes: scopes, dialect: dialect)
        }
        let statement: SQL
        if Self.isScoped {
            // Scopes may bind task-local values: no cached text.
            statement = try update(scopes) + Self.returningRow
        } else {
            let kind: SQLTextCache.Kind = versioned == nil ? .update : .versionedUpdate
            let text = try SQLTextCache.shared.text(Self.key(kind, assigned, dialect), dialect: dialect) {
                try update(.none) + Self.returningRow
            }
            var binds = assigned.map { values[$0] } + Self.keyValues(of: key)
            if let versioned { binds.append(.int(versioned.0)) }
            // Where RETURNING costs more than a second statement (SQLite), the
            // driver may write without it and read the row back by key — only
            // inside a transaction, so outside one nothing is looked up for it.
            var readBack: ReadBack?
            if dialect.prefersReadBack && db is Transaction {
                let plainKind: SQLTextCache.Kind = versioned == nil ? .updateWithoutReturning : .versionedUpdateWithoutReturning
                readBack = ReadBack(
                    write: try SQLTextCache.shared.text(Self.key(plainKind, assigned, dialect), dialect: dialect) { try update(.none) },
                    read: try Self.unscopedFindText(key, dialect), binds: Self.keyValues(of: key))
            }
            statement = .prerendered(text, binds: binds, dialect: dialect, readOnly: false, readBack: readBack)
        }
        guard let stored = try await Self._fetchFirst(statement, on: db) else {
            if versioned != nil, let current = try await Self.find(on: db, id: key) as? any VersionedModel {
                throw QuarryError.staleObject(
                    table: Self.schema.name, key: Self.keyDescription(key), currentVersion: current.rowVersion)
            }
            throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key))
        }
        return stored
    }
}
