import Quarry

/// What one operation turns into on one dialect: statements, a SQLite
/// table rebuild, or a data step.
enum MigrationStep: Sendable {
    case statements([SQL])
    case rebuild(SQLiteRebuild)
    case data(@Sendable (Transaction) async throws -> Void)
}

extension MigrationOperation {
    /// The steps of this operation on `dialect`, given the schema before it.
    func steps(before schema: DatabaseSchema, dialect: any SQLDialect) throws -> [MigrationStep] {
        let ddl = DDL(dialect: dialect)
        var after = schema
        try after.apply(self)
        let rebuild = { (table: String) throws -> [MigrationStep] in
            guard let old = schema.tables[table], let new = after.tables[table] else {
                throw MigrationError.invalidOperation("no table \(table)")
            }
            return [.rebuild(SQLiteRebuild(old: old, new: new))]
        }
        switch self {
        case .createTable(let table):
            let search = table.search.map {
                dialect.fullTextSetup(table: table.name, key: table.primaryKey.first ?? "id", columns: $0.columns, language: $0.language)
            } ?? []
            return [.statements([try ddl.createTable(table)] + table.indexes.map { ddl.createIndex(table.name, $0) } + search)]
        case .dropTable(let name):
            return [.statements(["DROP TABLE \(identifier: name)"])]
        case .renameTable(let from, let to):
            return [.statements(["ALTER TABLE \(identifier: from) RENAME TO \(identifier: to)"])]
        case .addColumn(let table, let column):
            // SQLite adds no NOT NULL column without a default, and no
            // column whose default is not a constant.
            if ddl.isSQLite && ((!column.isNullable && column.defaultValue == nil) || column.defaultValue == .currentTimestamp
                || { if case .expression = column.defaultValue { true } else { false } }())
            {
                return try rebuild(table)
            }
            let primaryKey = schema.tables[table]?.primaryKey ?? []
            return [.statements(["ALTER TABLE \(identifier: table) ADD COLUMN " + (try ddl.column(column, primaryKey: primaryKey))])]
        case .dropColumn(let table, let column):
            if ddl.isSQLite { return try rebuild(table) }
            return [.statements(["ALTER TABLE \(identifier: table) DROP COLUMN \(identifier: column)"])]
        case .renameColumn(let table, let from, let to):
            return [.statements(["ALTER TABLE \(identifier: table) RENAME COLUMN \(identifier: from) TO \(identifier: to)"])]
        case .alterColumn(let table, let column):
            if ddl.isSQLite { return try rebuild(table) }
            guard let old = schema.tables[table]?.column(column.name) else {
                throw MigrationError.invalidOperation("no column \(table).\(column.name)")
            }
            return [.statements(try alterPostgres(table, old: old, new: column, ddl))]
        case .alterPrimaryKey(let table, let columns):
            if ddl.isSQLite { return try rebuild(table) }
            var statements = [Self.dropPostgresPrimaryKey(literal: try dialect.literal(.text(table)))]
            if !columns.isEmpty { statements.append("ALTER TABLE \(identifier: table) ADD PRIMARY KEY (" + ddl.names(columns) + ")") }
            return [.statements(statements)]
        case .createIndex(let table, let index):
            return [.statements([ddl.createIndex(table, index)])]
        case .dropIndex(_, let name):
            return [.statements([ddl.dropIndex(name)])]
        case .addForeignKey(let table, let key):
            if ddl.isSQLite { return try rebuild(table) }
            return [.statements(["ALTER TABLE \(identifier: table) ADD " + ddl.foreignKey(key)])]
        case .addCheck(let table, let check):
            if ddl.isSQLite { return try rebuild(table) }
            return [.statements(["ALTER TABLE \(identifier: table) ADD " + ddl.check(check)])]
        case .dropForeignKey(let table, let name), .dropCheck(let table, let name):
            if ddl.isSQLite { return try rebuild(table) }
            return [.statements(["ALTER TABLE \(identifier: table) DROP CONSTRAINT \(identifier: name)"])]
        case .createSearchIndex(let table, let search):
            let key = schema.tables[table]?.primaryKey.first ?? "id"
            return [.statements(dialect.fullTextSetup(table: table, key: key, columns: search.columns, language: search.language))]
        case .dropSearchIndex(let table):
            return [.statements(dialect.fullTextTeardown(table: table))]
        case .createView(let view):
            return [.statements([SchemaSQL.createView(view.name, view.sql, dialect: dialect)])]
        case .dropView(let name):
            return [.statements(["DROP VIEW \(identifier: name)"])]
        case .sql(let sqlite, let postgres):
            let text = ddl.isSQLite ? sqlite : postgres
            return text.map { [.statements([SQL(stringLiteral: $0)])] } ?? []
        case .data(_, let body):
            return [.data(body)]
        }
    }

    /// Drops `table`'s primary-key constraint, whatever its name (PostgreSQL
    /// names it `<table>_pkey` when created, and keeps that name when the
    /// table is renamed). The table's name travels as a string literal into
    /// `format('%I')`.
    private static func dropPostgresPrimaryKey(literal: String) -> SQL {
        SQL(stringLiteral: """
            DO $quarry$ DECLARE key_name text; BEGIN \
            SELECT conname INTO key_name FROM pg_constraint \
            WHERE conrelid = to_regclass(format('%I', \(literal))) AND contype = 'p'; \
            IF key_name IS NOT NULL THEN EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', \(literal), key_name); END IF; \
            END $quarry$
            """)
    }

    /// `ALTER COLUMN` clauses for what changed: type, nullability, default.
    private func alterPostgres(_ table: String, old: ColumnDefinition, new: ColumnDefinition, _ ddl: DDL) throws -> [SQL] {
        let prefix: SQL = "ALTER TABLE \(identifier: table) ALTER COLUMN \(identifier: new.name) "
        var statements: [SQL] = []
        if old.type != new.type {
            let type = ddl.dialect.columnTypeSQL(new.type)
            statements.append(prefix + "TYPE \(unsafeRaw: type) USING \(identifier: new.name)::\(unsafeRaw: type)")
        }
        if old.isNullable != new.isNullable {
            statements.append(prefix + (new.isNullable ? "DROP NOT NULL" : "SET NOT NULL"))
        }
        if old.defaultValue != new.defaultValue {
            if let value = new.defaultValue {
                statements.append(prefix + "SET DEFAULT " + (try ddl.defaultValue(value)))
            } else {
                statements.append(prefix + "DROP DEFAULT")
            }
        }
        return statements
    }
}
