import Quarry

/// One dialect-independent schema change. A ``Migration`` is a list of them
/// for `up` and another for `down`.
///
/// ```swift
/// .createTable(TableDefinition("tags", columns: [ColumnDefinition("id", type: .int64, isAutoIncrement: true),
///                                                ColumnDefinition("label", type: .text(maxLength: 40))],
///                              primaryKey: ["id"]))
/// .addColumn("authors", ColumnDefinition("karma", type: .int64, default: .value(.int(0))))
/// .alterColumn("authors", ColumnDefinition("bio", type: .text(maxLength: nil), isNullable: false))
/// .renameColumn("authors", from: "bio", to: "about")
/// .alterPrimaryKey("readings", columns: ["sensor_id", "day"])
/// .createIndex("posts", IndexDefinition("ix_posts_title", columns: ["title"]))
/// .createView(ViewDefinition("author_stats", sql: ViewSQL("SELECT author_id, count(*) AS posts FROM posts GROUP BY author_id")))
/// .sql(sqlite: "UPDATE …", postgres: "UPDATE …")
/// .data("backfill karma") { tx in try await tx.execute("UPDATE authors SET karma = 1") }
/// ```
public enum MigrationOperation: Sendable {
    case createTable(TableDefinition)
    case dropTable(String)
    case renameTable(from: String, to: String)
    case addColumn(String, ColumnDefinition)
    case dropColumn(String, column: String)
    case renameColumn(String, from: String, to: String)
    /// Changes a column to `definition` (same name): type, nullability, default.
    case alterColumn(String, ColumnDefinition)
    /// Makes `columns` the table's primary key (several for a composite
    /// key; none drops it). SQLite rebuilds the table.
    case alterPrimaryKey(String, columns: [String])
    case createIndex(String, IndexDefinition)
    case dropIndex(String, name: String)
    case addForeignKey(String, ForeignKeyDefinition)
    case dropForeignKey(String, name: String)
    case addCheck(String, CheckConstraint)
    case dropCheck(String, name: String)
    /// Makes a table full-text searchable (a GIN index on PostgreSQL, an
    /// FTS5 table with triggers on SQLite).
    case createSearchIndex(String, SearchIndexDefinition)
    case dropSearchIndex(String)
    /// Creates a view (views are created after the tables they read).
    case createView(ViewDefinition)
    case dropView(String)
    /// Raw SQL per dialect; `nil` skips the dialect. Migrations' schema
    /// replay cannot see what it does.
    case sql(sqlite: String?, postgres: String?)
    /// A data step: runs inside the migration's transaction. `label` goes
    /// into the migration's checksum.
    case data(String, @Sendable (Transaction) async throws -> Void)

    /// A stable text of the operation, for checksums and `--sql` comments.
    public var summary: String {
        switch self {
        case .createTable(let table): "createTable \(table.canonical)"
        case .dropTable(let name): "dropTable \(name)"
        case .renameTable(let from, let to): "renameTable \(from) -> \(to)"
        case .addColumn(let table, let column): "addColumn \(table) \(column.canonical)"
        case .dropColumn(let table, let column): "dropColumn \(table).\(column)"
        case .renameColumn(let table, let from, let to): "renameColumn \(table).\(from) -> \(to)"
        case .alterColumn(let table, let column): "alterColumn \(table) \(column.canonical)"
        case .alterPrimaryKey(let table, let columns): "alterPrimaryKey \(table) (\(columns.joined(separator: ",")))"
        case .createIndex(let table, let index): "createIndex \(table) \(index.canonical)"
        case .dropIndex(let table, let name): "dropIndex \(table).\(name)"
        case .addForeignKey(let table, let key): "addForeignKey \(table) \(key.canonical)"
        case .dropForeignKey(let table, let name): "dropForeignKey \(table).\(name)"
        case .addCheck(let table, let check): "addCheck \(table) \(check.canonical)"
        case .dropCheck(let table, let name): "dropCheck \(table).\(name)"
        case .createSearchIndex(let table, let search):
            "createSearchIndex \(table) (\(search.columns.joined(separator: ","))) \(search.language)"
        case .dropSearchIndex(let table): "dropSearchIndex \(table)"
        case .createView(let view): "createView \(view.canonical)"
        case .dropView(let name): "dropView \(name)"
        case .sql(let sqlite, let postgres): "sql sqlite=\(sqlite ?? "-") postgres=\(postgres ?? "-")"
        case .data(let label, _): "data \(label)"
        }
    }
}
