/// The statement compiler's inserts: multi-row `INSERT … RETURNING` under
/// the dialect's bind limit, text rendered once per shape — or, for one row
/// whose only database-filled column is its integer key on a dialect that
/// knows what it stores (SQLite), a plain `INSERT` carrying the row it
/// writes (``WrittenRow``). The rows come stamped already
/// (``ResolvedScopes`` fixed columns, hooks).
extension Model {
    /// Multi-row `INSERT … RETURNING` statements for `rows`, each under the
    /// dialect's bind limit; their text is rendered once per shape. A single
    /// row that ``writtenRow(_:written:dialect:)`` can describe gets an
    /// `INSERT` without `RETURNING` instead.
    static func statementsFor(
        _ written: [Int], _ rows: ArraySlice<[SQLValue]>, ignoringConflictsOn conflict: [String]?, dialect: some SQLDialect
    ) throws -> [SQL] {
        let columns = schema.columns
        // Built only when a shape is first seen.
        var into: SQL { "INSERT INTO \(identifier: schema.name) " }
        var returning: SQL {
            guard let conflict else { return " RETURNING " + selection }
            return " ON CONFLICT (" + SQL.join(conflict.map { "\(identifier: $0)" as SQL }, separator: ", ")
                + ") DO NOTHING RETURNING " + selection
        }
        // Conflict-skipping inserts (upserts) are rare: their text is not cached.
        func renderedText(_ key: SQLTextCache.Key, _ build: () throws -> SQL) throws -> String {
            guard conflict == nil else { return try build().render(for: dialect).text }
            return try SQLTextCache.shared.text(key, dialect: dialect, build: build)
        }
        if written.isEmpty {
            // Every column comes from the database: one row per statement.
            let text = try renderedText(key(.insert, written, rows: 0, dialect)) {
                into + "DEFAULT VALUES" + returning
            }
            return rows.map { _ in .prerendered(text, binds: [], dialect: dialect, readOnly: false) }
        }
        if conflict == nil, rows.count == 1, let row = rows.first,
            let writtenRow = writtenRow(row, written: written, dialect: dialect)
        {
            let text = try renderedText(key(.insertWithoutReturning, written, rows: 1, dialect)) {
                into + "(" + SQL.join(written.map { "\(identifier: columns[$0].name)" as SQL }, separator: ", ")
                    + ") VALUES (" + SQL.join(written.map { "\(row[$0])" as SQL }, separator: ", ") + ")"
            }
            let binds = written.map { row[$0] }
            return [.prerendered(text, binds: binds, dialect: dialect, readOnly: false, writtenRow: writtenRow)]
        }
        let rowsPerStatement = max(1, min(1_000, dialect.maxBindParameters / written.count))
        var statements: [SQL] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(start + rowsPerStatement, rows.endIndex)]
            let text = try renderedText(key(.insert, written, rows: chunk.count, dialect)) {
                let head = into + "(" + SQL.join(written.map { "\(identifier: columns[$0].name)" as SQL }, separator: ", ")
                    + ") VALUES "
                let tuples = chunk.map { values in
                    "(" + SQL.join(written.map { "\(values[$0])" as SQL }, separator: ", ") + ")" as SQL
                }
                return head + SQL.join(tuples, separator: ", ") + returning
            }
            var binds: [SQLValue] = []
            binds.reserveCapacity(chunk.count * written.count)
            for values in chunk {
                for index in written { binds.append(values[index]) }
            }
            statements.append(.prerendered(text, binds: binds, dialect: dialect, readOnly: false))
            start = chunk.endIndex
        }
        return statements
    }

    /// The row a single-row insert of `values` stores, when the dialect can
    /// say what each value reads back as and the only column left to the
    /// database is the table's integer key: the insert then needs no
    /// `RETURNING` (``WrittenRow``). `nil` otherwise.
    static func writtenRow(_ values: [SQLValue], written: [Int], dialect: some SQLDialect) -> WrittenRow? {
        let columns = schema.columns
        guard written.count >= columns.count - 1 else { return nil }
        var stored = values
        var generatedKeyIndex: Int?
        var next = written.startIndex
        for index in columns.indices {
            let column = columns[index]
            if next < written.endIndex && written[next] == index {
                next += 1
                guard let value = dialect.storedValue(values[index], as: column.type) else { return nil }
                stored[index] = value
            } else {
                // Left out: only an auto-increment integer key may be.
                guard column.isAutoIncrement, column.isPrimaryKey, column.type.isInteger else { return nil }
                generatedKeyIndex = index
            }
        }
        return WrittenRow(values: stored, columnNames: columns.map(\.name), generatedKeyIndex: generatedKeyIndex)
    }
}
