import Quarry

/// The differences between a live database and the schema the models
/// declare, as lines a person can read; empty when they agree. What `quarry
/// migrate check` reports, exiting non-zero when there are any.
///
/// Compared: tables, columns (type as the dialect stores it, nullability,
/// whether there is a default, a text's maximum length), indexes by their
/// columns and uniqueness, foreign keys by columns, target and `ON DELETE`.
/// Index and constraint names are not compared (databases name inline
/// constraints themselves), nor default expressions (each database spells
/// them its own way). Views are compared by name: databases keep their
/// `SELECT` rewritten. A SQLite column still declared by its storage class
/// (`TEXT` for a date, as older Quarry versions declared it) is reported
/// with the fix: ``Migrator/declareColumnTypes(as:dryRun:)``.
///
/// ```swift
/// let drift = SchemaDrift.compare(live: try await SchemaIntrospector.read(db),
///                                 expected: DatabaseSchema(models: models), dialect: db.dialect)
/// if !drift.isEmpty { print(drift.joined(separator: "\n")) }
/// ```
public enum SchemaDrift {
    public static func compare(live: DatabaseSchema, expected: DatabaseSchema, dialect: some SQLDialect) -> [String] {
        var lines: [String] = []
        for name in expected.tableNames where live.tables[name] == nil { lines.append("table \(name) is missing") }
        for name in live.tableNames where expected.tables[name] == nil { lines.append("table \(name) is not in the models") }
        for name in expected.viewNames where live.views[name] == nil { lines.append("view \(name) is missing") }
        for name in live.viewNames where expected.views[name] == nil { lines.append("view \(name) is not in the models") }
        for name in expected.tableNames {
            guard let want = expected.tables[name], let have = live.tables[name] else { continue }
            lines += compare(have, want, dialect)
        }
        return lines
    }

    private static func compare(_ have: TableDefinition, _ want: TableDefinition, _ dialect: some SQLDialect) -> [String] {
        let table = want.name
        var lines: [String] = []
        for column in want.columns {
            guard let live = have.column(column.name) else {
                lines.append("column \(table).\(column.name) is missing")
                continue
            }
            let wantType = dialect.columnTypeSQL(column.type), haveType = dialect.columnTypeSQL(live.type)
            if wantType != haveType || maxLength(column.type) != maxLength(live.type) {
                // An older Quarry declared SQLite columns by storage class.
                let hint = wantType != haveType && dialect.storageTypeSQL(column.type) == haveType
                    ? " (declared by its storage class: `quarry migrate declare-types` declares it \(wantType), rows untouched)" : ""
                lines.append(
                    "column \(table).\(column.name) is \(haveType)\(lengthText(live.type)), the model says \(wantType)\(lengthText(column.type))"
                        + hint)
            }
            if column.isNullable != live.isNullable {
                lines.append("column \(table).\(column.name) is \(live.isNullable ? "nullable" : "NOT NULL"), the model says \(column.isNullable ? "nullable" : "NOT NULL")")
            }
            if (column.defaultValue == nil) != (live.defaultValue == nil) && !column.isAutoIncrement {
                lines.append("column \(table).\(column.name) \(live.defaultValue == nil ? "has no default" : "has a default"), the model says otherwise")
            }
        }
        for column in have.columns where want.column(column.name) == nil {
            lines.append("column \(table).\(column.name) is not in the model")
        }
        if have.primaryKey != want.primaryKey {
            lines.append("the primary key of \(table) is \(have.primaryKey), the model says \(want.primaryKey)")
        }
        let indexKey = { (index: IndexDefinition) in "\(index.isUnique ? "unique " : "")(\(index.columns.joined(separator: ", ")))" }
        let haveIndexes = have.indexes.map(indexKey).sorted(), wantIndexes = want.indexes.map(indexKey).sorted()
        for index in wantIndexes where !haveIndexes.contains(index) { lines.append("index \(index) on \(table) is missing") }
        for index in haveIndexes where !wantIndexes.contains(index) { lines.append("index \(index) on \(table) is not in the model") }
        let keyText = { (key: ForeignKeyDefinition) in
            "(\(key.columns.joined(separator: ", "))) → \(key.referencedTable)(\(key.referencedColumns.joined(separator: ", "))) on delete \(key.onDelete.rawValue)"
        }
        let haveKeys = have.foreignKeys.map(keyText), wantKeys = want.foreignKeys.map(keyText)
        for key in wantKeys where !haveKeys.contains(key) { lines.append("foreign key \(key) on \(table) is missing") }
        for key in haveKeys where !wantKeys.contains(key) { lines.append("foreign key \(key) on \(table) is not in the model") }
        return lines
    }

    private static func maxLength(_ type: ColumnType) -> Int? {
        if case .text(let length) = type { return length }
        return nil
    }

    private static func lengthText(_ type: ColumnType) -> String {
        maxLength(type).map { " (at most \($0) characters)" } ?? ""
    }
}
