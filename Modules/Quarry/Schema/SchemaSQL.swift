/// Builds the DDL of a ``TableSchema`` for one dialect: every identifier
/// quoted, so reserved words (`order`, `user`, `group`) are fine as names.
///
/// ```swift
/// let statements = try SchemaSQL.createTable(Author.schema, dialect: db.dialect)
/// // CREATE TABLE IF NOT EXISTS "authors" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, …)
/// ```
public enum SchemaSQL {
    /// `CREATE TABLE`, then one `CREATE INDEX` per indexed column and, on
    /// PostgreSQL, `COMMENT ON COLUMN` per commented column.
    public static func createTable(
        _ schema: TableSchema, dialect: some SQLDialect, ifNotExists: Bool = true,
        constraints: [(name: String, kind: TableConstraint.Kind)] = []
    ) throws -> [SQL] {
        try schema.validate()
        var definitions: [SQL] = []
        var checks: [SQL] = []
        for column in schema.columns {
            var definition: SQL = "\(identifier: column.name) "
            if column.isAutoIncrement {
                definition.append(sql: dialect.autoIncrementPrimaryKeySQL(column.type))
            } else {
                definition.append(sql: dialect.columnTypeSQL(column.type))
                if column.isPrimaryKey { definition.append(sql: " PRIMARY KEY") }
                if !column.isNullable && !column.isPrimaryKey { definition.append(sql: " NOT NULL") }
                if column.isUnique && !column.isPrimaryKey { definition.append(sql: " UNIQUE") }
                switch column.defaultValue {
                case .value(let value)?: definition.append(sql: " DEFAULT " + (try dialect.literal(value)))
                case .currentTimestamp?: definition.append(sql: " DEFAULT " + dialect.currentTimestampSQL)
                case .expression(let expression)?: definition.append(sql: " DEFAULT (" + expression + ")")
                case nil: break
                }
            }
            if let foreignKey = column.references {
                let target = foreignKey.model.schema
                let key = target.columns[try target.primaryKeyIndex()].name
                if foreignKey.onDelete == .setNull && !column.isNullable {
                    throw QuarryError.invalidArgument(
                        name: "schema", reason: "\(schema.name).\(column.name): onDelete .setNull needs a nullable column")
                }
                definition.append(
                    " REFERENCES \(identifier: target.name) (\(identifier: key)) ON DELETE \(unsafeRaw: foreignKey.onDelete.rawValue)")
            }
            definitions.append(definition)
            if case .text(let maxLength?) = column.type, !dialect.enforcesTextLength {
                checks.append("CHECK (length(\(identifier: column.name)) <= \(unsafeRaw: String(maxLength)))")
            }
        }
        for constraint in constraints {
            if case .check(let expression) = constraint.kind {
                checks.append("CONSTRAINT \(identifier: constraint.name) CHECK (\(unsafeRaw: expression))")
            }
        }
        let create: SQL = "CREATE TABLE \(unsafeRaw: ifNotExists ? "IF NOT EXISTS " : "")\(identifier: schema.name) ("
            + SQL.join(definitions + checks, separator: ", ") + ")"
        var statements = [create]
        for constraint in constraints {
            switch constraint.kind {
            case .check:
                continue
            case .unique(let columns):
                statements.append(createIndex(
                    constraint.name, on: schema.name, columns: columns, unique: true, dialect: dialect,
                    ifNotExists: ifNotExists))
            case .index(let columns, let condition, let options):
                statements.append(createIndex(
                    constraint.name, on: schema.name, columns: columns, where: condition, options: options,
                    dialect: dialect, ifNotExists: ifNotExists))
            }
        }
        for column in schema.columns where column.isIndexed && !column.isUnique && !column.isPrimaryKey {
            statements.append("""
                CREATE INDEX \(unsafeRaw: ifNotExists ? "IF NOT EXISTS " : "")\(identifier: "ix_\(schema.name)_\(column.name)") \
                ON \(identifier: schema.name) (\(identifier: column.name))
                """)
        }
        if dialect.name == "postgres" {
            for column in schema.columns {
                guard let comment = column.comment else { continue }
                statements.append(
                    "COMMENT ON COLUMN \(identifier: schema.name).\(identifier: column.name) IS \(unsafeRaw: try dialect.literal(.text(comment)))")
            }
        }
        return statements
    }

    /// `DROP TABLE IF EXISTS`.
    public static func dropTable(_ schema: TableSchema) -> SQL {
        "DROP TABLE IF EXISTS \(identifier: schema.name)"
    }
}
