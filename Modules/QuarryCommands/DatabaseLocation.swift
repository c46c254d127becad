import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite

/// Opens the database a command-line argument names: `postgres://…` (or
/// `postgresql://…`), `sqlite:PATH`, `:memory:`, or a file path. Any other
/// `scheme://` is refused by name, and a SQLite file that does not exist is
/// created only when `mayCreate` says so (the commands that build a
/// database: `db create`, `migrate upgrade`, `seed`) — a mistyped path
/// given to `db inspect` or `health` fails instead of reporting on an empty
/// new file. `maxConnections` sizes PostgreSQL's pool or SQLite's
/// readers (default: `PoolConfiguration/defaultMaxConnections`, and 4
/// readers).
///
/// ```swift
/// let db = try await DatabaseLocation.open("sqlite:app.sqlite", mayCreate: true)
/// let pg = try await DatabaseLocation.open("postgres://127.0.0.1/blog", maxConnections: 4)
/// ```
public enum DatabaseLocation {
    public static func open(_ location: String, mayCreate: Bool = true, maxConnections: Int? = nil) async throws -> Database {
        if isPostgres(location) {
            return try await Database.postgres(url: location, pool: maxConnections.map { PoolConfiguration(maxConnections: $0) } ?? .init())
        }
        if isMemory(location) { return try await Database.sqlite(.memory) }
        if let scheme = unknownScheme(location) {
            throw QuarryError.invalidConnectionString(
                "unknown database scheme '\(scheme)://': give a postgres:// URL, sqlite:PATH or a file path")
        }
        let path = sqlitePath(location)
        guard !path.isEmpty else {
            throw QuarryError.invalidConnectionString("an empty SQLite path; give sqlite:PATH or a postgres:// URL")
        }
        if !mayCreate && !FileManager.default.fileExists(atPath: path) {
            throw QuarryError.invalidConnectionString(
                "no SQLite file at \(path): check the path, or create the database first (db create, migrate upgrade)")
        }
        var configuration = SQLiteConfiguration()
        if let maxConnections { configuration.pool.maxConnections = maxConnections }
        return try await Database.sqlite(.file(path), configuration: configuration)
    }

    /// Whether `location` names a PostgreSQL server (`postgres://…`, `postgresql://…`).
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Whether `location` names an in-memory SQLite database.
    public static func isMemory(_ location: String) -> Bool {
        location == ":memory:" || location == "sqlite::memory:"
    }

    /// The file path of a SQLite location (`sqlite:PATH`, `sqlite://PATH` or a path).
    ///
    /// ```swift
    /// DatabaseLocation.sqlitePath("sqlite:.build/demo.sqlite")   // ".build/demo.sqlite"
    /// ```
    public static func sqlitePath(_ location: String) -> String {
        location.hasPrefix("sqlite://") ? String(location.dropFirst(9))
            : location.hasPrefix("sqlite:") ? String(location.dropFirst(7)) : location
    }

    /// The scheme of a `scheme://…` location that is neither PostgreSQL nor SQLite.
    private static func unknownScheme(_ location: String) -> String? {
        guard let range = location.range(of: "://") else { return nil }
        let scheme = location[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }),
            scheme.lowercased() != "sqlite"
        else { return nil }
        return String(scheme)
    }
}
