import Quarry

/// SQLite's documented way to make a change `ALTER TABLE` cannot: create
/// the new table under a temporary name, copy the rows, drop the old
/// table, rename the new one, and recreate its indexes and triggers — and
/// the views, dropped first, since a view of the old table would stop the
/// rename — all
/// inside the migration's transaction, with foreign-key enforcement off
/// (the runner turns it off before the transaction and runs
/// `PRAGMA foreign_key_check` before committing).
struct SQLiteRebuild: Sendable {
    let old: TableDefinition
    let new: TableDefinition

    var temporaryName: String { Self.temporaryName(new.name) }

    static func temporaryName(_ table: String) -> String { "quarry_new_\(table)" }

    /// The statements, given the table's triggers (their `CREATE TRIGGER`
    /// text) and the database's views (name and `CREATE VIEW` text).
    func statements(dialect: any SQLDialect, triggers: [String], views: [(name: String, sql: String)] = []) throws -> [SQL] {
        let ddl = DDL(dialect: dialect)
        return Self.replacing(
            old.name, with: try ddl.createTable(new, named: temporaryName),
            copying: new.columns.map(\.name).filter { old.column($0) != nil },
            indexes: new.indexes.map { ddl.createIndex(new.name, $0) }, triggers: triggers, views: views)
    }

    /// The rebuild's sequence: `create` makes the new table under
    /// ``temporaryName(_:)``, `columns` are copied, then the old table is
    /// dropped, the new one renamed, and `indexes`, `triggers` and `views`
    /// (dropped first) created again.
    static func replacing(
        _ table: String, with create: SQL, copying columns: [String], indexes: [SQL], triggers: [String],
        views: [(name: String, sql: String)]
    ) -> [SQL] {
        let temporary = temporaryName(table)
        let names = SQL.join(columns.map { "\(identifier: $0)" as SQL }, separator: ", ")
        var statements: [SQL] = views.map { "DROP VIEW \(identifier: $0.name)" }
        statements += [
            create,
            "INSERT INTO \(identifier: temporary) (" + names + ") SELECT " + names + " FROM \(identifier: table)",
            "DROP TABLE \(identifier: table)",
            "ALTER TABLE \(identifier: temporary) RENAME TO \(identifier: table)",
        ]
        statements += indexes
        statements += triggers.map { SQL(stringLiteral: $0) }
        statements += views.map { SQL(stringLiteral: $0.sql) }
        return statements
    }

    /// Runs the rebuild on `db` after checking that the live table has the
    /// columns the migrations expect (so no unknown column is lost).
    func run(on db: some QueryExecutor) async throws {
        let live = try await db.fetchValues(String.self, "SELECT name FROM pragma_table_info(\(old.name))")
        guard Set(live) == Set(old.columns.map(\.name)) else {
            throw MigrationError.drift(
                "table \(old.name) has columns \(live.sorted()), the migrations expect \(old.columns.map(\.name).sorted()); "
                    + "no rebuild runs")
        }
        let (triggers, views) = try await Self.triggersAndViews(of: old.name, db)
        for statement in try statements(dialect: db.dialect, triggers: triggers, views: views) {
            try await db.execute(statement)
        }
    }

    /// `table`'s triggers and the database's views, as SQLite keeps their text.
    static func triggersAndViews(
        of table: String, _ db: some QueryExecutor
    ) async throws -> (triggers: [String], views: [(name: String, sql: String)]) {
        let triggers = try await db.fetchValues(
            String.self, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = \(table) AND sql IS NOT NULL")
        let views = try await db.fetchAll("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid").compactMap {
            row -> (name: String, sql: String)? in
            guard case .text(let name) = row.values[0], case .text(let sql) = row.values[1] else { return nil }
            return (name, sql)
        }
        return (triggers, views)
    }
}
