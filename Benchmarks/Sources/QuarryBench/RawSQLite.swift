import CSQLite
import Foundation

/// The raw loops on libsqlite3: prepared statements reused, values bound
/// and read with the C API, rows built into plain structs.
final class RawSQLite {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK
        else { throw BenchError.raw("open \(path)") }
        try exec("PRAGMA journal_mode = WAL")
        try exec("PRAGMA synchronous = NORMAL")
        try exec("PRAGMA foreign_keys = ON")
    }

    deinit { sqlite3_close_v2(db) }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw BenchError.raw(String(cString: sqlite3_errmsg(db)))
        }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else { throw BenchError.raw(String(cString: sqlite3_errmsg(db))) }
        return statement
    }

    private func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text64(
                statement, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                UInt64(buffer.count), quarry_sqlite_transient, UInt8(SQLITE_UTF8))
        }
    }

    private func step(_ statement: OpaquePointer) throws {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw BenchError.raw(String(cString: sqlite3_errmsg(db))) }
    }

    private func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private func user(_ statement: OpaquePointer) -> RawUser {
        let dateCount = Int(sqlite3_column_bytes(statement, 6))
        return RawUser(
            id: sqlite3_column_int64(statement, 0), name: text(statement, 1), email: text(statement, 2),
            age: Int(sqlite3_column_int64(statement, 3)), score: sqlite3_column_double(statement, 4),
            active: sqlite3_column_int64(statement, 5) != 0,
            createdAt: RawTime.parse(sqlite3_column_text(statement, 6), dateCount))
    }

    private func insert(_ users: ArraySlice<BenchUser>, _ statement: OpaquePointer) throws {
        for user in users {
            bindText(statement, 1, user.name)
            bindText(statement, 2, user.email)
            sqlite3_bind_int64(statement, 3, Int64(user.age))
            sqlite3_bind_double(statement, 4, user.score)
            sqlite3_bind_int64(statement, 5, user.active ? 1 : 0)
            bindText(statement, 6, RawTime.text(user.createdAt))
            try step(statement)
            sqlite3_reset(statement)
        }
    }

    static let insertSQL = "INSERT INTO users (name, email, age, score, active, created_at) VALUES (?, ?, ?, ?, ?, ?)"
    static let selectUser = "SELECT id, name, email, age, score, active, created_at FROM users"

    /// W1 and W2: one prepared single-row INSERT reused in a transaction
    /// (on SQLite the fastest way; multi-row VALUES gains nothing).
    func insert(_ users: [BenchUser]) throws {
        let statement = try prepare(Self.insertSQL)
        defer { sqlite3_finalize(statement) }
        try exec("BEGIN IMMEDIATE")
        try insert(users[...], statement)
        try exec("COMMIT")
    }

    func fetchAll() throws -> [RawUser] {
        let statement = try prepare(Self.selectUser)
        defer { sqlite3_finalize(statement) }
        var users: [RawUser] = []
        while sqlite3_step(statement) == SQLITE_ROW { users.append(user(statement)) }
        return users
    }

    func getByKey(_ keys: [Int64]) throws -> Int {
        let statement = try prepare(Self.selectUser + " WHERE id = ?")
        defer { sqlite3_finalize(statement) }
        var found = 0
        for key in keys {
            sqlite3_bind_int64(statement, 1, key)
            if sqlite3_step(statement) == SQLITE_ROW {
                _ = user(statement)
                found += 1
            }
            sqlite3_reset(statement)
        }
        return found
    }

    func filterPages(_ count: Int) throws -> Int {
        // The same SQL shape as Quarry's (`active = ?2`), so that both get the same plan.
        let statement = try prepare(Self.selectUser + " WHERE age > ? AND active = ? ORDER BY score DESC LIMIT 50")
        defer { sqlite3_finalize(statement) }
        var rows = 0
        for q in 0..<count {
            sqlite3_bind_int64(statement, 1, Int64(72 + q % 5))
            sqlite3_bind_int64(statement, 2, 1)
            while sqlite3_step(statement) == SQLITE_ROW {
                _ = user(statement)
                rows += 1
            }
            sqlite3_reset(statement)
        }
        return rows
    }

    func updateEach(_ keys: [Int64]) throws {
        let select = try prepare(Self.selectUser + " WHERE id = ?")
        let update = try prepare("UPDATE users SET score = ? WHERE id = ?")
        defer {
            sqlite3_finalize(select)
            sqlite3_finalize(update)
        }
        try exec("BEGIN IMMEDIATE")
        for key in keys {
            sqlite3_bind_int64(select, 1, key)
            guard sqlite3_step(select) == SQLITE_ROW else { throw BenchError.raw("no user \(key)") }
            var row = user(select)
            sqlite3_reset(select)
            row.score += 1
            sqlite3_bind_double(update, 1, row.score)
            sqlite3_bind_int64(update, 2, row.id)
            try step(update)
            sqlite3_reset(update)
        }
        try exec("COMMIT")
    }

    /// W7 by hand: the parents, then their children in one `IN` query, grouped.
    func prefetch() throws -> [(Int64, String, [RawChild])] {
        let parentsStatement = try prepare("SELECT id, name FROM parents")
        defer { sqlite3_finalize(parentsStatement) }
        var parents: [(Int64, String)] = []
        while sqlite3_step(parentsStatement) == SQLITE_ROW {
            parents.append((sqlite3_column_int64(parentsStatement, 0), text(parentsStatement, 1)))
        }
        let placeholders = Array(repeating: "?", count: parents.count).joined(separator: ", ")
        let children = try prepare("SELECT id, parent_id, name FROM children WHERE parent_id IN (\(placeholders))")
        defer { sqlite3_finalize(children) }
        for (index, parent) in parents.enumerated() { sqlite3_bind_int64(children, Int32(index + 1), parent.0) }
        var groups: [Int64: [RawChild]] = [:]
        while sqlite3_step(children) == SQLITE_ROW {
            let child = RawChild(
                id: sqlite3_column_int64(children, 0), parentID: sqlite3_column_int64(children, 1), name: text(children, 2))
            groups[child.parentID, default: []].append(child)
        }
        return parents.map { ($0.0, $0.1, groups[$0.0] ?? []) }
    }

    func stream(_ table: String) throws -> Int {
        let statement = try prepare("SELECT id, name, email, age, score, active, created_at FROM \(table)")
        defer { sqlite3_finalize(statement) }
        var rows = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            _ = user(statement)
            rows += 1
        }
        return rows
    }
}

enum BenchError: Error, CustomStringConvertible {
    case raw(String)
    var description: String {
        switch self {
        case .raw(let message): "raw driver: \(message)"
        }
    }
}
