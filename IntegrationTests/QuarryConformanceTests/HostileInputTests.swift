import Quarry
import QuarryTesting
import Testing

/// Strings that would change a statement if they were spliced into SQL text.
let hostileStrings: [String] = [
    "'; DROP TABLE notes; --",
    "\" OR 1=1 --",
    "' OR '1'='1",
    "Robert'); DROP TABLE students;--",
    "$1",
    "?",
    "?1",
    ":name",
    "\\",
    "\\'",
    "'' ''",
    "/* comment */",
    "-- comment",
    "\u{202E}reversed",
    "%_%",
    String(repeating: "'", count: 10_000),
    "🙂'; SELECT pg_sleep(10); --",
]

@Suite("Hostile input stays data")
struct HostileInputTests {
    @Test("hostile strings in binds are stored and read back verbatim", arguments: TestDatabase.all)
    func hostileBinds(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            for (id, text) in hostileStrings.enumerated() {
                try await db.execute("INSERT INTO notes (id, body) VALUES (\(id), \(text))")
            }
            let stored = try await db.fetchValues(String.self, "SELECT body FROM notes ORDER BY id")
            #expect(stored == hostileStrings)
            for text in hostileStrings {
                let matches = try await db.fetchValue(Int.self, "SELECT count(*) FROM notes WHERE body = \(text)")
                #expect(matches == 1, "\(text.prefix(40))")
            }
        }
    }

    @Test("hostile identifiers are quoted, never executed", arguments: TestDatabase.all)
    func hostileIdentifiers(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let table = "we\"ird; DROP TABLE x; --"
            let column = "co\"l"
            try await db.execute("CREATE TABLE \(identifier: table) (\(identifier: column) TEXT)")
            try await db.execute("INSERT INTO \(identifier: table) (\(identifier: column)) VALUES (\("ok"))")
            let rows = try await db.fetchAll("SELECT \(identifier: column) FROM \(identifier: table)")
            #expect(rows.count == 1)
            #expect(rows.first?.columns == [column])
            #expect(try rows.first?.decode(column, as: String.self) == "ok")
        }
    }

    @Test("an empty or NUL-bearing identifier is rejected before reaching the database", arguments: TestDatabase.all)
    func invalidIdentifier(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            for name in ["", "a\u{0}b"] {
                let error = await #expect(throws: QuarryError.self) {
                    try await db.execute("SELECT 1 FROM \(identifier: name)")
                }
                guard case .invalidArgument(let argument, _)? = error else {
                    Issue.record("expected invalidArgument, got \(String(describing: error))")
                    continue
                }
                #expect(argument == "identifier")
            }
        }
    }

    @Test("text with a NUL character is refused on both databases, nothing written (PostgreSQL cannot store it)",
          arguments: TestDatabase.all)
    func nulInText(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE notes (body TEXT)")
            let text = "before\u{0}after"
            for attempt in [
                { try await db.execute("INSERT INTO notes (body) VALUES (\(text))") },
                { try await db.execute("INSERT INTO notes (body) VALUES (\(JSON.object(["k": .string(text)])))") },
                { _ = try await db.fetchAll("SELECT body FROM notes WHERE body = \(text)") },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: QuarryError.self) { try await attempt() }
                guard case .invalidValue(let message)? = error else {
                    Issue.record("expected invalidValue, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("NUL"))
            }
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM notes") == 0)
        }
    }

    @Test("a LIKE pattern in a bind matches as a pattern, and only there", arguments: TestDatabase.all)
    func likeBind(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE notes (body TEXT)")
            for body in ["100%", "100 percent", "a_b", "axb"] {
                try await db.execute("INSERT INTO notes (body) VALUES (\(body))")
            }
            let escaped = try await db.fetchValues(
                String.self, "SELECT body FROM notes WHERE body LIKE \("100!%") ESCAPE '!' ORDER BY body")
            #expect(escaped == ["100%"])
            let equal = try await db.fetchValues(String.self, "SELECT body FROM notes WHERE body = \("a_b")")
            #expect(equal == ["a_b"])
        }
    }
}
