import Quarry

extension Migrator {
    /// Declares each SQLite column with its kind's own type name where the
    /// file still has the storage class an older Quarry declared — `TEXT`
    /// for dates, decimals and JSON, `INTEGER` for booleans, `BLOB` for
    /// UUIDs, `REAL` for floats — so introspection, `migrate check`,
    /// backups and `inspectdb` read the model's types back. The rows are
    /// not touched: each table is rebuilt from its own `CREATE TABLE` text
    /// with only those type names changed (everything else SQLite stored —
    /// checks, collations, indexes, triggers, views — is kept as written),
    /// all tables in one transaction with foreign-key enforcement off and
    /// `PRAGMA foreign_key_check` before the commit. Columns already
    /// declared otherwise are left alone. On PostgreSQL, whose columns
    /// carry their types, there is nothing to do.
    ///
    /// ```swift
    /// let migrator = try Migrator(database: db, migrations: allMigrations)
    /// let changes = try await migrator.declareColumnTypes(as: DatabaseSchema(models: models))
    /// changes.forEach { print($0) }   // posts.published_at: TEXT → TIMESTAMP
    /// ```
    ///
    /// - Parameters:
    ///   - expected: the tables' kinds: the models' schema, or the one the
    ///     migrations build (`DatabaseSchema(replaying:)`). The history
    ///     table is always included.
    ///   - dryRun: list the changes without making them.
    /// - Returns: the columns redeclared (or, with `dryRun`, to redeclare).
    @discardableResult
    public func declareColumnTypes(as expected: DatabaseSchema, dryRun: Bool = false) async throws -> [ColumnRedeclaration] {
        guard database.dialect.name == "sqlite" else { return [] }
        var expected = expected
        expected.tables[AppliedMigration.schema.name] = TableDefinition(model: AppliedMigration.self)
        if dryRun { return try await database.transaction { tx in try await Self.redeclarations(expected, tx) } }
        var planned: [ColumnRedeclaration] = []
        _ = try await changingSchema { changed in try await withMigrationSession { session in
            try await session.transaction { tx in
                try await MigrationLock.acquire(on: tx)
                planned = try await Self.redeclarations(expected, tx)
                let byTable = Dictionary(grouping: planned, by: \.table)
                for table in byTable.keys.sorted() {
                    progress?("declaring the column types of \(table)")
                    try await Self.redeclare(table, byTable[table]!, on: tx)
                    changed.append(table)
                }
                try await checkForeignKeys(on: tx)
            }
        } }
        return planned
    }

    /// The columns of `expected`'s tables declared with their kind's storage
    /// class rather than its own name.
    private static func redeclarations(_ expected: DatabaseSchema, _ tx: Transaction) async throws -> [ColumnRedeclaration] {
        let dialect = tx.dialect
        var changes: [ColumnRedeclaration] = []
        for name in expected.tableNames {
            guard let table = expected.tables[name] else { continue }
            let declared = try await tx.fetchAll("SELECT name, type FROM pragma_table_info(\(name))")
            for row in declared {
                guard case .text(let column) = row.values[0], case .text(let type) = row.values[1],
                    let definition = table.column(column)
                else { continue }
                let storage = dialect.storageTypeSQL(definition.type), own = dialect.columnTypeSQL(definition.type)
                if type.uppercased() == storage && own != storage {
                    changes.append(ColumnRedeclaration(table: name, column: column, from: type, to: own))
                }
            }
        }
        return changes
    }

    /// Rebuilds `table` from its own text with `changes`' type names.
    private static func redeclare(_ table: String, _ changes: [ColumnRedeclaration], on tx: Transaction) async throws {
        guard let sql = try await tx.fetchValue(
            String.self, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = \(table)")
        else { throw MigrationError.invalidOperation("no table \(table)") }
        let types = Dictionary(uniqueKeysWithValues: changes.map { ($0.column, (from: $0.from, to: $0.to)) })
        let create = try SQLiteTableText(sql).redeclaring(types).named(SQLiteRebuild.temporaryName(table), dialect: tx.dialect)
        // Generated columns (hidden 2 and 3) are computed, not copied.
        let columns = try await tx.fetchValues(String.self, "SELECT name FROM pragma_table_xinfo(\(table)) WHERE hidden = 0")
        let indexes = try await tx.fetchValues(
            String.self, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(table) AND sql IS NOT NULL")
        let (triggers, views) = try await SQLiteRebuild.triggersAndViews(of: table, tx)
        let statements = SQLiteRebuild.replacing(
            table, with: SQL(stringLiteral: create), copying: columns, indexes: indexes.map { SQL(stringLiteral: $0) },
            triggers: triggers, views: views)
        for statement in statements { try await tx.execute(statement) }
    }
}
