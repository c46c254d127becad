import CLibPQ
import Foundation

/// The raw loops on libpq: statements prepared once, text parameters,
/// binary results decoded by hand into plain structs.
final class RawPostgres {
    private let connection: OpaquePointer
    private var prepared = Set<String>()

    init(url: String) throws {
        guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
            throw BenchError.raw("cannot connect to \(url)")
        }
        self.connection = connection
        try exec("SET TimeZone = 'UTC'")
    }

    deinit { PQfinish(connection) }

    func exec(_ sql: String) throws {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw BenchError.raw(String(cString: PQerrorMessage(connection)))
        }
    }

    private func prepare(_ name: String, _ sql: String, parameters: Int32) throws {
        guard !prepared.contains(name) else { return }
        let result = PQprepare(connection, name, sql, parameters, nil)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw BenchError.raw(String(cString: PQerrorMessage(connection)))
        }
        prepared.insert(name)
    }

    /// Runs a prepared statement with text parameters, binary results.
    private func run(_ name: String, _ parameters: [String]) throws -> OpaquePointer {
        var cStrings = parameters.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let result = cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { values in
                PQexecPrepared(connection, name, Int32(parameters.count), values, nil, nil, 1)
            }
        }
        guard let result else { throw BenchError.raw(String(cString: PQerrorMessage(connection))) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQclear(result)
            throw BenchError.raw(message)
        }
        return result
    }

    private static func int64(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Int64 {
        let pointer = UnsafeRawPointer(PQgetvalue(result, row, column)!)
        return Int64(bigEndian: pointer.loadUnaligned(as: Int64.self))
    }

    private static func double(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Double {
        let pointer = UnsafeRawPointer(PQgetvalue(result, row, column)!)
        return Double(bitPattern: UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self)))
    }

    private static func text(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> String {
        let count = Int(PQgetlength(result, row, column))
        let pointer = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Microseconds since 2000-01-01 → Date.
    private static func timestamp(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Date {
        Date(timeIntervalSince1970: 946_684_800 + Double(int64(result, row, column)) / 1_000_000)
    }

    private static func user(_ result: OpaquePointer, _ row: Int32) -> RawUser {
        RawUser(
            id: int64(result, row, 0), name: text(result, row, 1), email: text(result, row, 2),
            age: Int(int64(result, row, 3)), score: double(result, row, 4),
            active: PQgetvalue(result, row, 5)!.pointee != 0, createdAt: timestamp(result, row, 6))
    }

    private static func parameters(_ user: BenchUser) -> [String] {
        [user.name, user.email, String(user.age), String(user.score), user.active ? "t" : "f",
         RawTime.text(user.createdAt) + "+00"]
    }

    static let selectUser = "SELECT id, name, email, age, score, active, created_at FROM users"

    /// W1: one prepared single-row INSERT per user, in a transaction.
    func insertEach(_ users: [BenchUser]) throws {
        try prepare(
            "insert1", "INSERT INTO users (name, email, age, score, active, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            parameters: 6)
        try exec("BEGIN")
        for user in users { PQclear(try run("insert1", Self.parameters(user))) }
        try exec("COMMIT")
    }

    /// W2: multi-row INSERTs of 1,000 rows, in a transaction.
    func insertBulk(_ users: [BenchUser]) throws {
        try exec("BEGIN")
        var start = 0
        while start < users.count {
            let chunk = users[start..<min(start + 1_000, users.count)]
            start += chunk.count
            let name = "insert\(chunk.count)"
            let tuples = (0..<chunk.count).map { row in
                "(" + (1...6).map { "$\(row * 6 + $0)" }.joined(separator: ", ") + ")"
            }.joined(separator: ", ")
            try prepare(
                name, "INSERT INTO users (name, email, age, score, active, created_at) VALUES " + tuples,
                parameters: Int32(chunk.count * 6))
            PQclear(try run(name, chunk.flatMap(Self.parameters)))
        }
        try exec("COMMIT")
    }

    func fetchAll() throws -> [RawUser] {
        try prepare("all", Self.selectUser, parameters: 0)
        let result = try run("all", [])
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { Self.user(result, $0) }
    }

    func getByKey(_ keys: [Int64]) throws -> Int {
        try prepare("byKey", Self.selectUser + " WHERE id = $1", parameters: 1)
        var found = 0
        for key in keys {
            let result = try run("byKey", [String(key)])
            if PQntuples(result) == 1 {
                _ = Self.user(result, 0)
                found += 1
            }
            PQclear(result)
        }
        return found
    }

    func filterPages(_ count: Int) throws -> Int {
        // The same SQL shape as Quarry's (`active = $2`), so that both get the same plan.
        try prepare("page", Self.selectUser + " WHERE age > $1 AND active = $2 ORDER BY score DESC LIMIT 50", parameters: 2)
        var rows = 0
        for q in 0..<count {
            let result = try run("page", [String(72 + q % 5), "t"])
            for row in 0..<PQntuples(result) {
                _ = Self.user(result, row)
                rows += 1
            }
            PQclear(result)
        }
        return rows
    }

    func updateEach(_ keys: [Int64]) throws {
        try prepare("byKey", Self.selectUser + " WHERE id = $1", parameters: 1)
        try prepare("setScore", "UPDATE users SET score = $1 WHERE id = $2", parameters: 2)
        try exec("BEGIN")
        for key in keys {
            let result = try run("byKey", [String(key)])
            var user = Self.user(result, 0)
            PQclear(result)
            user.score += 1
            PQclear(try run("setScore", [String(user.score), String(user.id)]))
        }
        try exec("COMMIT")
    }

    func prefetch() throws -> [(Int64, String, [RawChild])] {
        try prepare("parents", "SELECT id, name FROM parents", parameters: 0)
        try prepare("children", "SELECT id, parent_id, name FROM children WHERE parent_id = ANY($1::bigint[])", parameters: 1)
        let parentsResult = try run("parents", [])
        let parents = (0..<PQntuples(parentsResult)).map {
            (Self.int64(parentsResult, $0, 0), Self.text(parentsResult, $0, 1))
        }
        PQclear(parentsResult)
        let keys = "{" + parents.map { String($0.0) }.joined(separator: ",") + "}"
        let result = try run("children", [keys])
        defer { PQclear(result) }
        var groups: [Int64: [RawChild]] = [:]
        for row in 0..<PQntuples(result) {
            let child = RawChild(
                id: Self.int64(result, row, 0), parentID: Self.int64(result, row, 1), name: Self.text(result, row, 2))
            groups[child.parentID, default: []].append(child)
        }
        return parents.map { ($0.0, $0.1, groups[$0.0] ?? []) }
    }

    /// W8 by hand: single-row mode, so libpq holds one row at a time.
    func stream(_ table: String) throws -> Int {
        guard PQsendQueryParams(
            connection, "SELECT id, name, email, age, score, active, created_at FROM \(table)", 0, nil, nil, nil, nil, 1) == 1,
            PQsetSingleRowMode(connection) == 1
        else { throw BenchError.raw(String(cString: PQerrorMessage(connection))) }
        var rows = 0
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) == PGRES_SINGLE_TUPLE {
                _ = Self.user(result, 0)
                rows += 1
            }
            PQclear(result)
        }
        return rows
    }
}
