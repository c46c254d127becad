import Foundation
import Quarry

/// Creating and dropping whole databases: a PostgreSQL database (through
/// the server's `postgres` maintenance database) or an SQLite file.
///
/// ```swift
/// try await DatabaseAdministration.create("postgres://app@db/app_test")
/// try await DatabaseAdministration.drop("sqlite:app.sqlite")
/// ```
public enum DatabaseAdministration {
    /// Creates the database; false when it exists already.
    @discardableResult
    public static func create(_ location: String) async throws -> Bool {
        if let (maintenance, name) = try postgres(location) {
            return try await withDatabase(maintenance) { db in
                guard try await db.fetchAll("SELECT 1 FROM pg_database WHERE datname = \(name)").isEmpty else { return false }
                _ = try await db.execute("CREATE DATABASE \(identifier: name)")
                return true
            }
        }
        let path = DatabaseLocation.sqlitePath(location)
        guard !FileManager.default.fileExists(atPath: path) else { return false }
        let db = try await DatabaseLocation.open(location, mayCreate: true)
        await db.close()
        return true
    }

    /// Drops the database; false when there was none.
    @discardableResult
    public static func drop(_ location: String) async throws -> Bool {
        if let (maintenance, name) = try postgres(location) {
            return try await withDatabase(maintenance) { db in
                guard !(try await db.fetchAll("SELECT 1 FROM pg_database WHERE datname = \(name)").isEmpty) else { return false }
                _ = try await db.execute("DROP DATABASE \(identifier: name) WITH (FORCE)")
                return true
            }
        }
        let path = DatabaseLocation.sqlitePath(location)
        guard FileManager.default.fileExists(atPath: path) else { return false }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return true
    }

    private static func withDatabase<Value>(_ location: String, _ body: (Database) async throws -> Value) async throws -> Value {
        let db = try await DatabaseLocation.open(location)
        do {
            let value = try await body(db)
            await db.close()
            return value
        } catch {
            await db.close()
            throw error
        }
    }

    /// `database "app" on db:5432` or `SQLite file app.sqlite`.
    public static func describe(_ location: String) -> String {
        if let (_, name) = try? postgres(location), let url = URLComponents(string: location) {
            return "database \"\(name)\" on \(url.host ?? "localhost")" + (url.port.map { ":\($0)" } ?? "")
        }
        return "SQLite file \(DatabaseLocation.sqlitePath(location))"
    }

    /// The maintenance database's URL and the database's name, for a PostgreSQL URL.
    static func postgres(_ location: String) throws -> (maintenance: String, name: String)? {
        guard DatabaseLocation.isPostgres(location) else { return nil }
        guard var url = URLComponents(string: location) else { throw QuarryError.invalidConnectionString(location) }
        let name = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !name.isEmpty else {
            throw QuarryError.invalidConnectionString("\(location) names no database: postgres://user@host/NAME")
        }
        guard name != "postgres" else {
            throw QuarryError.invalidArgument(name: "--database", reason: "the maintenance database \"postgres\" is not created or dropped")
        }
        url.path = "/postgres"
        return (url.string ?? location, name)
    }
}
