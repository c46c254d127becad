/// Builds the DDL of a ``TableSchema`` for one dialect: every identifier
/// quoted, so reserved words (`order`, `user`, `group`) are fine as names.
///
/// ```swift
/// let statements = try SchemaSQL.createTable(Author.schema, dialect: db.dialect)
/// // CREATE TABLE IF NOT EXISTS "authors" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, …)
/// ```
package enum SchemaSQL {
    /// `CREATE TABLE`, then one `CREATE INDEX` per indexed column and, on
    /// PostgreSQL, `COMMENT ON COLUMN` per commented column.
    package static func createTable(
        _ schema: TableSchema, dialect: some SQLDialect, ifNotExists: Bool = true,
        constraints: [(name: String, kind: TableConstraint.Kind)] = []
    ) throws -> [SQL] {
        try schema.validate()
        try checkNames(of: schema, constraints: constraints, dialect: dialect)
        var definitions: [SQL] = []
        var checks: [SQL] = []
        let composite = schema.hasCompositeKey
        for column in schema.columns {
            var definition: SQL = "\(identifier: column.name) "
            if column.isAutoIncrement {
                definition.append(sql: dialect.autoIncrementPrimaryKeySQL(column.type))
            } else {
                definition.append(sql: dialect.columnTypeSQL(column.type))
                if column.isPrimaryKey && !composite { definition.append(sql: " PRIMARY KEY") }
                if !column.isNullable && !(column.isPrimaryKey && !composite) { definition.append(sql: " NOT NULL") }
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
        if composite {
            definitions.append("PRIMARY KEY (" + SQL.join(
                schema.primaryKeyNames.map { "\(identifier: $0)" as SQL }, separator: ", ") + ")")
        }
        for constraint in constraints {
            switch constraint.kind {
            case .check(let expression):
                checks.append("CONSTRAINT \(identifier: constraint.name) CHECK (\(unsafeRaw: expression))")
            case .foreignKey(let columns, let reference):
                checks.append(try foreignKey(constraint.name, of: schema, columns: columns, reference))
            case .unique, .index:
                continue
            }
        }
        let create: SQL = "CREATE TABLE \(unsafeRaw: ifNotExists ? "IF NOT EXISTS " : "")\(identifier: schema.name) ("
            + SQL.join(definitions + checks, separator: ", ") + ")"
        var statements = [create]
        for constraint in constraints {
            switch constraint.kind {
            case .check, .foreignKey:
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
                CREATE INDEX \(unsafeRaw: ifNotExists ? "IF NOT EXISTS " : "")\(identifier: GeneratedName.make("ix", table: schema.name, [column.name])) \
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

    /// The indexes `createTable` makes (unique constraints and indexes of
    /// `constraints`, then indexed columns), by name. Index names are
    /// shared by a whole schema on both databases.
    package static func indexes(
        of schema: TableSchema, constraints: [(name: String, kind: TableConstraint.Kind)]
    ) -> [(name: String, columns: [String], isUnique: Bool)] {
        constraints.compactMap { constraint in
            switch constraint.kind {
            case .unique(let columns): (constraint.name, columns, true)
            case .index(let columns, _, _): (constraint.name, columns, false)
            case .check, .foreignKey: nil
            }
        } + schema.columns.filter { $0.isIndexed && !$0.isUnique && !$0.isPrimaryKey }.map {
            (GeneratedName.make("ix", table: schema.name, [$0.name]), [$0.name], false)
        }
    }

    /// Two constraints or indexes of one table with one name, or a name the
    /// database would truncate, are errors before any DDL runs.
    private static func checkNames(
        of schema: TableSchema, constraints: [(name: String, kind: TableConstraint.Kind)], dialect: some SQLDialect
    ) throws {
        var seen = Set<String>()
        let names = constraints.map(\.name) + indexes(of: schema, constraints: []).map(\.name)
        for name in names {
            guard name.utf8.count <= dialect.maxIdentifierLength else {
                throw QuarryError.invalidArgument(
                    name: name,
                    reason: "\(schema.name): a constraint or index name is longer than \(dialect.name)'s \(dialect.maxIdentifierLength) bytes, which would truncate it")
            }
            guard seen.insert(name).inserted else {
                throw QuarryError.invalidArgument(
                    name: name, reason: "\(schema.name): two constraints or indexes are named \(name)")
            }
        }
    }

    /// `CONSTRAINT name FOREIGN KEY (a, b) REFERENCES t (x, y) ON DELETE …`.
    private static func foreignKey(
        _ name: String, of schema: TableSchema, columns: [String], _ reference: ForeignKey
    ) throws -> SQL {
        let target = reference.model.schema
        let keys = target.primaryKeyNames
        guard columns.count == keys.count else {
            throw QuarryError.invalidArgument(
                name: name, reason: "\(columns.count) columns cannot reference the \(keys.count)-column key of \(target.name)")
        }
        if reference.onDelete == .setNull,
            let required = columns.first(where: { name in schema.columns.contains { $0.name == name && !$0.isNullable } })
        {
            throw QuarryError.invalidArgument(
                name: name, reason: "\(schema.name).\(required): onDelete .setNull needs nullable columns")
        }
        let list = { (names: [String]) in SQL.join(names.map { "\(identifier: $0)" as SQL }, separator: ", ") }
        return "CONSTRAINT \(identifier: name) FOREIGN KEY (" + list(columns) + ") REFERENCES \(identifier: target.name) ("
            + list(keys) + ") ON DELETE \(unsafeRaw: reference.onDelete.rawValue)"
    }

    /// `CREATE VIEW` of `sql` (PostgreSQL: `CREATE OR REPLACE VIEW`;
    /// SQLite: `CREATE VIEW IF NOT EXISTS` with `ifNotExists`).
    ///
    /// ```swift
    /// SchemaSQL.createView("author_stats", AuthorStats.definition, dialect: db.dialect)
    /// ```
    package static func createView(
        _ name: String, _ sql: ViewSQL, dialect: some SQLDialect, ifNotExists: Bool = false
    ) -> SQL {
        let verb = dialect.name == "postgres" ? "CREATE OR REPLACE VIEW " : ifNotExists ? "CREATE VIEW IF NOT EXISTS " : "CREATE VIEW "
        return SQL(stringLiteral: verb) + "\(identifier: name) AS " + SQL(stringLiteral: sql.text(for: dialect))
    }

    /// `DROP VIEW IF EXISTS`.
    package static func dropView(_ name: String) -> SQL {
        "DROP VIEW IF EXISTS \(identifier: name)"
    }

    /// `DROP TABLE IF EXISTS`.
    package static func dropTable(_ schema: TableSchema) -> SQL {
        "DROP TABLE IF EXISTS \(identifier: schema.name)"
    }
}
