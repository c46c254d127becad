import Quarry

/// The DDL pieces of migrations for one dialect, every name quoted.
struct DDL {
    let dialect: any SQLDialect

    var isSQLite: Bool { dialect.name == "sqlite" }

    /// `"name" TYPE NOT NULL DEFAULT …` (and on SQLite the length check of
    /// a bounded text column).
    func column(_ column: ColumnDefinition, primaryKey: [String]) throws -> SQL {
        var sql: SQL = "\(identifier: column.name) "
        if column.isAutoIncrement && primaryKey == [column.name] {
            sql.append(sql: dialect.autoIncrementPrimaryKeySQL(column.type))
            return sql
        }
        sql.append(sql: dialect.columnTypeSQL(column.type))
        if !column.isNullable { sql.append(sql: " NOT NULL") }
        if let defaultValue = column.defaultValue { sql.append(" DEFAULT " + (try self.defaultValue(defaultValue))) }
        if case .text(let maxLength?) = column.type, !dialect.enforcesTextLength {
            sql.append(" CHECK (length(\(identifier: column.name)) <= \(unsafeRaw: String(maxLength)))")
        }
        return sql
    }

    func defaultValue(_ value: ColumnDefault) throws -> SQL {
        switch value {
        case .value(let value): SQL(stringLiteral: try dialect.literal(value))
        case .currentTimestamp: SQL(stringLiteral: dialect.currentTimestampSQL)
        case .expression(let expression): SQL(stringLiteral: "(" + expression + ")")
        }
    }

    func names(_ columns: [String]) -> SQL {
        SQL.join(columns.map { "\(identifier: $0)" as SQL }, separator: ", ")
    }

    func foreignKey(_ key: ForeignKeyDefinition) -> SQL {
        "CONSTRAINT \(identifier: key.name) FOREIGN KEY (" + names(key.columns) + ") REFERENCES \(identifier: key.referencedTable) ("
            + names(key.referencedColumns) + ") ON DELETE \(unsafeRaw: key.onDelete.rawValue)"
    }

    func check(_ check: CheckConstraint) -> SQL {
        "CONSTRAINT \(identifier: check.name) CHECK (\(unsafeRaw: check.expression))"
    }

    /// `CREATE TABLE` (named `name`, by default the table's) with its keys and checks.
    func createTable(_ table: TableDefinition, named name: String? = nil) throws -> SQL {
        var parts = try table.columns.map { try column($0, primaryKey: table.primaryKey) }
        let inlineKey = table.primaryKey.count == 1 && table.column(table.primaryKey[0])?.isAutoIncrement == true
        if !table.primaryKey.isEmpty && !inlineKey { parts.append("PRIMARY KEY (" + names(table.primaryKey) + ")") }
        parts += table.foreignKeys.map(foreignKey)
        parts += table.checks.map(check)
        return "CREATE TABLE \(identifier: name ?? table.name) (" + SQL.join(parts, separator: ", ") + ")"
    }

    func createIndex(_ table: String, _ index: IndexDefinition) -> SQL {
        SchemaSQL.createIndex(
            index.name, on: table, columns: index.columns, unique: index.isUnique, where: index.condition,
            options: index.options, dialect: dialect)
    }

    func dropIndex(_ name: String) -> SQL {
        "DROP INDEX \(identifier: name)"
    }
}
