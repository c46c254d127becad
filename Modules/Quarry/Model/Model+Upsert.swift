/// A stored row and whether an upsert inserted it (or updated an existing one).
public struct UpsertResult<M: Model>: Sendable {
    public let model: M
    public let inserted: Bool
}

extension Model {
    /// Inserts this row or, when a row with the same values in the
    /// `conflict` columns exists, updates that row's other columns; returns
    /// the stored row and whether it was inserted. Concurrent upserts of one
    /// key leave one row. The conflict columns need a unique index or
    /// constraint.
    ///
    /// It runs in one transaction, through the same compiler as every other
    /// write: an inserted row gets the insert hooks (`willCreate` stamps
    /// `createdAt` and the tenant), an existing row is locked, changed and
    /// saved with the update hooks, its version bumped and its
    /// ``InsertOnlyColumns`` kept; both are recorded when audited. A row of
    /// another tenant with the same natural key is never taken over: that is
    /// a ``QuarryError/uniqueViolation(_:)``.
    ///
    /// ```swift
    /// let result = try await Author(email: "ada@x.io", name: "Ada").upsert(on: db, conflict: [\.email])
    /// result.inserted   // false the second time
    /// ```
    ///
    /// - Parameters:
    ///   - db: where to write.
    ///   - conflict: the columns of the natural key (a unique constraint or
    ///     index) that decide whether the row exists.
    ///   - update: the columns to overwrite on conflict (default:
    ///     every written column but the conflict columns, the key, the
    ///     version, insert-only columns and the columns a scope fixes).
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key
    ///   path that is not a column, no conflict columns, or an update of a
    ///   column a scope fixes; ``QuarryError/misuse(_:)`` for a
    ///   tenant-scoped model with no tenant set.
    @discardableResult
    public func upsert(
        on db: some QueryExecutor, conflict: [PartialKeyPath<Self>], update: [PartialKeyPath<Self>]? = nil
    ) async throws -> UpsertResult<Self> {
        let conflictColumns = try Self.columnNames(conflict, argument: "conflict")
        guard !conflictColumns.isEmpty else {
            throw QuarryError.invalidArgument(name: "conflict", reason: "name at least one unique column")
        }
        let updateColumns = try update.map { try Self.columnNames($0, argument: "update") }
        let scopes = try ResolvedScopes.of(Self.self)
        if let updateColumns { try Self.refuseChanges(to: updateColumns, scopes) }
        guard let tx = db as? Transaction else {
            return try await db.transaction { tx in try await self.upsert(on: tx, conflict: conflict, update: update) }
        }
        let columns = Self.schema.columns
        var values = columnValues()
        Self.stampFixedColumns(&values, scopes)
        let match = conflictColumns.map { name -> ExpressionNode in
            let index = columns.firstIndex { $0.name == name }!
            let column = ExpressionNode.column(table: Self.schema.name, name: name)
            return values[index].isNull ? .isNull(column, negated: false) : .binary(column, "=", .value(values[index]))
        }.reduce(nil as ExpressionNode?) { result, node in result.map { .binary($0, "AND", node) } ?? node }
        // Twice at most: an insert that lost a race to a concurrent one finds its row.
        for _ in 0..<2 {
            let lookup = try Self.selectStatement(
                Self.selection, where: match, scopes: scopes, limit: 1, locked: true, dialect: tx.dialect)
            if let existing = try await Self._fetchFirst(lookup, on: tx) {
                let stored = try await merged(into: existing, values, conflict: conflictColumns, update: updateColumns, scopes)
                    .save(on: tx)
                return UpsertResult(model: stored, inserted: false)
            }
            if !scopes.conditions.isEmpty {
                let outside = try Self.selectStatement("1", where: match, scopes: .none, limit: 1, dialect: tx.dialect)
                if try await tx.fetchValue(Int.self, outside) != nil {
                    throw QuarryError.uniqueViolation(DatabaseErrorInfo(
                        message: "a \(Self.schema.name) row outside this scope has the same \(conflictColumns.joined(separator: ", "))",
                        table: Self.schema.name))
                }
            }
            if let inserted = try await Self.insert([self], on: tx, ignoringConflictsOn: conflictColumns).first {
                return UpsertResult(model: inserted, inserted: true)
            }
        }
        throw QuarryError.serializationFailure(DatabaseErrorInfo(
            message: "concurrent upserts of one \(Self.schema.name) key kept colliding; retry", table: Self.schema.name))
    }

    /// `existing` with the update columns taken from `values`, remembering
    /// `existing` as loaded so that `save` writes only what changed.
    private func merged(
        into existing: Self, _ values: [SQLValue], conflict: [String], update: [String]?, _ scopes: ResolvedScopes
    ) throws -> Self {
        let columns = Self.schema.columns
        let names: [String]
        if let update {
            names = update
        } else {
            let fixed = Self.fixedColumnIndexes(scopes)
            let insertOnly = (Self.self as? any InsertOnlyColumns.Type)?.insertOnlyColumns ?? []
            let version = (Self.self as? any VersionedModel.Type)?.versionColumn
            names = Self.writtenColumns(values).filter { index in
                let column = columns[index]
                return !column.isPrimaryKey && !fixed.contains(index) && !conflict.contains(column.name)
                    && !insertOnly.contains(column.name) && column.name != version
            }.map { columns[$0].name }
        }
        var merged = existing.columnValues()
        for name in names {
            if let index = columns.firstIndex(where: { $0.name == name }) { merged[index] = values[index] }
        }
        var model = try Self.rebuilt(from: merged)
        if var tracked = model as? any DirtyTracking {
            try tracked._quarryRemember(existing.columnValues())
            model = tracked as! Self
        }
        return model
    }

    /// Column names of key paths, or a typed error naming the argument.
    ///
    /// ```swift
    /// try Author.columnNames([\.email, \.name], argument: "conflict")   // ["email", "name"]
    /// ```
    public static func columnNames(_ keyPaths: [PartialKeyPath<Self>], argument: String) throws -> [String] {
        try keyPaths.map { keyPath in
            guard let name = columnName(for: keyPath) else {
                throw QuarryError.invalidArgument(name: argument, reason: "\(keyPath) is not a column of \(schema.name)")
            }
            return name
        }
    }
}
