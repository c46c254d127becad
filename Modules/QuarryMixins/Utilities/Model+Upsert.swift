import Quarry

/// A stored row and whether an upsert inserted it (or updated an existing one).
public struct UpsertResult<M: Model>: Sendable {
    public let model: M
    public let inserted: Bool
}

/// The row an `INSERT … RETURNING` gives back, plus PostgreSQL's
/// `xmax = 0` (true when the row was inserted, not updated).
private struct UpsertRow<M: Model>: RowDecodable {
    let model: M
    let inserted: Bool

    init(row: inout some RowDecoder) throws {
        model = try M(row: &row)
        inserted = try row.decode(Bool.self)
    }
}

extension Model {
    /// Inserts this row or, when a row with the same values in the
    /// `conflict` columns exists, updates that row's other columns
    /// (`INSERT … ON CONFLICT … DO UPDATE`); returns the stored row and
    /// whether it was inserted. Concurrent upserts of one key leave one row.
    /// The conflict columns need a unique index or constraint.
    ///
    /// ```swift
    /// let result = try await Author(email: "ada@x.io", name: "Ada").upsert(on: db, conflict: [\.email])
    /// result.inserted   // false the second time
    /// ```
    ///
    /// - Parameter update: the columns to overwrite on conflict (default:
    ///   every written column but the conflict columns and the key).
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key
    ///   path that is not a column, or no conflict columns.
    @discardableResult
    public func upsert(
        on db: some QueryExecutor, conflict: [PartialKeyPath<Self>], update: [PartialKeyPath<Self>]? = nil
    ) async throws -> UpsertResult<Self> {
        let conflictColumns = try Self.columnNames(conflict, argument: "conflict")
        guard !conflictColumns.isEmpty else {
            throw QuarryError.invalidArgument(name: "conflict", reason: "name at least one unique column")
        }
        var model = self
        try await model.willSave(on: db)
        let columns = Self.schema.columns
        var encoder = SQLValueEncoder(capacity: columns.count)
        model.encode(into: &encoder)
        let values = encoder.values
        let written = Self.writtenColumns(values)
        let updated = try update.map { try Self.columnNames($0, argument: "update") }
            ?? written.filter { !columns[$0].isPrimaryKey && !conflictColumns.contains(columns[$0].name) }
            .map { columns[$0].name }
        let names = SQL.join(written.map { "\(identifier: columns[$0].name)" as SQL }, separator: ", ")
        let row = SQL.join(written.map { "\(values[$0])" as SQL }, separator: ", ")
        // With nothing to update, a no-op assignment still returns the row.
        let assignments = (updated.isEmpty ? [conflictColumns[0]] : updated)
            .map { "\(identifier: $0) = excluded.\(identifier: $0)" as SQL }
        let postgres = db.dialect.name == "postgres"
        let statement: SQL = "INSERT INTO \(identifier: Self.schema.name) (" + names + ") VALUES (" + row
            + ") ON CONFLICT (" + SQL.join(conflictColumns.map { "\(identifier: $0)" as SQL }, separator: ", ")
            + ") DO UPDATE SET " + SQL.join(assignments, separator: ", ") + " RETURNING " + Self.qualifiedSelection
            + (postgres ? ", (xmax = 0)" : ", 0")
        let result: UpsertResult<Self>
        if postgres {
            guard let stored = try await db.fetchFirst(UpsertRow<Self>.self, statement) else {
                throw QuarryError.misuse("INSERT … ON CONFLICT returned no row for \(Self.schema.name)")
            }
            result = UpsertResult(model: stored.model, inserted: stored.inserted)
        } else {
            // SQLite reports no "inserted" flag: look first, inside the write
            // transaction that makes the look and the write one step.
            let match = SQL.join(
                conflictColumns.map { name in
                    let index = columns.firstIndex { $0.name == name }!
                    return "\(identifier: name) = \(values[index])" as SQL
                }, separator: " AND ")
            result = try await db.transaction { tx in
                let existed = try await tx.fetchValue(
                    Bool.self, "SELECT EXISTS (SELECT 1 FROM \(identifier: Self.schema.name) WHERE " + match + ")") ?? false
                guard let stored = try await tx.fetchFirst(UpsertRow<Self>.self, statement) else {
                    throw QuarryError.misuse("INSERT … ON CONFLICT returned no row for \(Self.schema.name)")
                }
                return UpsertResult(model: stored.model, inserted: !existed)
            }
        }
        await db.signals.tablesChanged([Self.schema.name], on: db)
        try await result.model.didSave(on: db)
        return result
    }

    /// Column names of key paths, or a typed error naming the argument.
    static func columnNames(_ keyPaths: [PartialKeyPath<Self>], argument: String) throws -> [String] {
        try keyPaths.map { keyPath in
            guard let name = columnName(for: keyPath) else {
                throw QuarryError.invalidArgument(name: argument, reason: "\(keyPath) is not a column of \(schema.name)")
            }
            return name
        }
    }
}
