import Quarry
import QuarryPostgres
import QuarrySQLite

/// Opens the database a command-line argument names: `postgres://…` (or
/// `postgresql://…`), `sqlite:PATH`, `:memory:`, or a file path.
///
/// ```swift
/// let db = try await DatabaseLocation.open("sqlite:app.sqlite")
/// ```
public enum DatabaseLocation {
    public static func open(_ location: String) async throws -> Database {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await Database.postgres(url: location)
        }
        if location == ":memory:" { return try await Database.sqlite(.memory) }
        let path = location.hasPrefix("sqlite://") ? String(location.dropFirst(9))
            : location.hasPrefix("sqlite:") ? String(location.dropFirst(7)) : location
        guard !path.isEmpty else {
            throw QuarryError.invalidConnectionString("an empty SQLite path; give sqlite:PATH or a postgres:// URL")
        }
        return try await Database.sqlite(.file(path))
    }
}
