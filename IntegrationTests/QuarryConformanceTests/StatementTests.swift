import Foundation
import Logging
import Quarry
import QuarryTesting
import Testing

private struct Person: RowDecodable, Equatable {
    var name: String
    var age: Int
    var nickname: String?

    init(name: String, age: Int, nickname: String?) {
        self.name = name
        self.age = age
        self.nickname = nickname
    }

    init(row: inout some RowDecoder) throws {
        name = try row.decode(String.self)
        age = try row.decode(Int.self)
        nickname = try row.decode(String?.self)
    }
}

@Suite("Statements, rows and prepared-statement caching")
struct StatementTests {
    @Test("rows decode positionally into a RowDecodable type", arguments: TestDatabase.all)
    func positionalDecoding(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE people (name TEXT NOT NULL, age INTEGER NOT NULL, nickname TEXT)")
            try await db.execute("INSERT INTO people VALUES (\("Ada"), \(36), \("Countess")), (\("Alan"), \(41), \(SQLValue.null))")
            let people = try await db.fetch(Person.self, "SELECT name, age, nickname FROM people ORDER BY name")
            #expect(people == [
                Person(name: "Ada", age: 36, nickname: "Countess"),
                Person(name: "Alan", age: 41, nickname: nil),
            ])
            let first = try await db.fetchFirst(Person.self, "SELECT name, age, nickname FROM people WHERE age > \(40)")
            #expect(first?.name == "Alan")
            let none = try await db.fetchFirst(Person.self, "SELECT name, age, nickname FROM people WHERE age > \(99)")
            #expect(none == nil)
        }
    }

    @Test("dynamic rows expose column names and values", arguments: TestDatabase.all)
    func dynamicRows(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let row = try #require(try await db.fetchOne("SELECT \(Int64(7)) AS n, \("x") AS s"))
            #expect(row.columns == ["n", "s"])
            #expect(row["n"] == .int(7))
            #expect(try row.decode("s", as: String.self) == "x")
            #expect(throws: QuarryError.self) { try row.decode("missing", as: String.self) }
        }
    }

    @Test("execute returns the number of changed rows", arguments: TestDatabase.all)
    func changedRows(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE counters (n INTEGER)")
            #expect(try await db.execute("INSERT INTO counters (n) VALUES (\(1)), (\(2)), (\(3))") == 3)
            #expect(try await db.execute("UPDATE counters SET n = n + 1 WHERE n >= \(2)") == 2)
            #expect(try await db.execute("DELETE FROM counters") == 3)
            #expect(try await db.execute("SELECT * FROM counters") == 0)
        }
    }

    @Test("a cached statement runs again with new binds", arguments: TestDatabase.all)
    func cachedStatementReuse(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            for value in 0..<50 {
                let doubled = try await db.fetchValue(Int.self, "SELECT \(value) * 2")
                #expect(doubled == value * 2)
            }
        }
    }

    @Test("the same SQL with a NULL bind and then a value works", arguments: TestDatabase.all)
    func sameSQLDifferentBindKinds(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            try await db.execute("CREATE TABLE maybe (n BIGINT)")
            try await db.execute("INSERT INTO maybe (n) VALUES (\(SQLValue.null))")
            try await db.execute("INSERT INTO maybe (n) VALUES (\(SQLValue.int(5)))")
            #expect(try await db.fetchValues(Int?.self, "SELECT n FROM maybe ORDER BY n") .sorted { ($0 ?? -1) < ($1 ?? -1) } == [nil, 5])
        }
    }

    @Test("more distinct statements than the cache holds still run", arguments: TestDatabase.all)
    func cacheEviction(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            for value in 0..<300 {
                let echoed = try await db.fetchValue(Int.self, "SELECT \(value) + \(unsafeRaw: String(value))")
                #expect(echoed == 2 * value)
            }
            #expect(try await db.fetchValue(Int.self, "SELECT \(1) + 0") == 1)
        }
    }

    @Test("a schema change under a cached SELECT * is picked up", arguments: TestDatabase.all)
    func schemaChange(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            try await db.execute("CREATE TABLE shapes (a INTEGER)")
            try await db.execute("INSERT INTO shapes (a) VALUES (\(1))")
            #expect(try await db.fetchAll("SELECT * FROM shapes").first?.columns == ["a"])
            try await db.execute("ALTER TABLE shapes ADD COLUMN b INTEGER")
            do {
                let columns = try await db.fetchAll("SELECT * FROM shapes").first?.columns
                #expect(columns == ["a", "b"])
            } catch let error as QuarryError {
                // PostgreSQL refuses a cached plan whose result type changed;
                // the error must say so rather than return wrong columns.
                #expect(database == .postgres)
                #expect(error.databaseInfo?.sqlState == "0A000")
            }
        }
    }

    @Test("a wrong number of binds is invalidArgument", arguments: TestDatabase.all)
    func bindCountMismatch(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let placeholder = db.dialect.placeholder(1)
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("SELECT \(unsafeRaw: placeholder) + 1")
            }
            guard case .invalidArgument(let name, _)? = error else {
                Issue.record("expected invalidArgument, got \(String(describing: error))")
                return
            }
            #expect(name == "binds")
        }
    }

    @Test("two statements in one call are rejected", arguments: TestDatabase.all)
    func multipleStatements(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE t (n INTEGER)")
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO t (n) VALUES (1); DROP TABLE t")
            }
            guard case .invalidArgument(let name, _)? = error else {
                Issue.record("expected invalidArgument, got \(String(describing: error))")
                return
            }
            #expect(name == "sql")
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM t") == 0)
        }
    }

    @Test("more binds than the dialect allows are rejected before reaching the database",
          arguments: TestDatabase.all)
    func tooManyBinds(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let count = db.dialect.maxBindParameters + 1
            let list = SQL.join((0..<count).map { "\($0)" }, separator: ", ")
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("SELECT 1 WHERE 1 IN (\(list))")
            }
            guard case .invalidArgument(let name, _)? = error else {
                Issue.record("expected invalidArgument, got \(String(describing: error))")
                return
            }
            #expect(name == "binds")
        }
    }

    @Test("statements are logged with SQL and duration at debug level, never their binds",
          arguments: TestDatabase.all)
    func logging(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let logs = CapturedLogs()
            let logged = Database(driver: db.driver, logger: logs.logger(level: .debug))
            let secret = "hunter2-\(UUID())"
            _ = try await logged.fetchValue(String.self, "SELECT \(secret)")
            _ = try? await logged.execute("SELEC \(secret)")
            let entries = logs.entries
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.level == .debug })
            #expect(entries.first?.metadata["sql"]?.hasPrefix("SELECT ") == true)
            #expect(entries.first?.metadata["duration"] != nil)
            #expect(entries.last?.message == "query failed")
            #expect(entries.allSatisfy { !$0.fullText.contains(secret) })

            let quiet = CapturedLogs()
            let info = Database(driver: db.driver, logger: quiet.logger(level: .info))
            _ = try await info.fetchValue(Int.self, "SELECT 1")
            #expect(quiet.entries.isEmpty)
        }
    }
}
