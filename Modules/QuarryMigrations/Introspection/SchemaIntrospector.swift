import Quarry

/// Reads a live database's tables into a ``DatabaseSchema``: SQLite's
/// `sqlite_master` and pragmas, PostgreSQL's catalogs (the current schema).
/// The history table is left out.
///
/// ```swift
/// let live = try await SchemaIntrospector.read(db)
/// print(live.tableNames)
/// ```
public enum SchemaIntrospector {
    public static func read(_ db: some QueryExecutor) async throws -> DatabaseSchema {
        db.dialect.name == "postgres" ? try await PostgresCatalog.read(db) : try await SQLiteCatalog.read(db)
    }
}
