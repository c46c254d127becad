import Quarry
import QuarryTesting
import Testing

private struct Boom: Error {}

/// Creates `items(id, name)` and returns a function counting its rows.
private func makeItems(_ db: Database) async throws {
    try await db.execute("CREATE TABLE items (id \(autoIncrementKey(db.dialect)), name TEXT NOT NULL)")
}

private func names(_ db: some QueryExecutor) async throws -> [String] {
    try await db.fetchValues(String.self, "SELECT name FROM items ORDER BY name")
}

@Suite("Transactions and sessions")
struct TransactionTests {
    @Test("a transaction commits when its closure returns", arguments: TestDatabase.all)
    func commits(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            let returned = try await db.transaction { tx in
                try await tx.execute("INSERT INTO items (name) VALUES (\("a"))")
                try await tx.execute("INSERT INTO items (name) VALUES (\("b"))")
                return try await names(tx)
            }
            #expect(returned == ["a", "b"])
            #expect(try await names(db) == ["a", "b"])
        }
    }

    @Test("a transaction rolls back and rethrows when its closure throws", arguments: TestDatabase.all)
    func rollsBack(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO items (name) VALUES (\("lost"))")
                    throw Boom()
                }
            }
            #expect(try await names(db) == [])
        }
    }

    @Test("a failing statement rolls back the statements before it", arguments: TestDatabase.all)
    func failingStatementRollsBackAll(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            await #expect(throws: QuarryError.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO items (name) VALUES (\("first"))")
                    try await tx.execute("INSERT INTO items (name) VALUES (\(SQLValue.null))")
                }
            }
            #expect(try await names(db) == [])
        }
    }

    @Test("a nested transaction that throws rolls back to its savepoint only", arguments: TestDatabase.all)
    func nestedRollback(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            try await db.transaction { tx in
                try await tx.execute("INSERT INTO items (name) VALUES (\("outer"))")
                await #expect(throws: Boom.self) {
                    try await tx.transaction { inner in
                        #expect(inner.depth == 1)
                        try await inner.execute("INSERT INTO items (name) VALUES (\("inner"))")
                        throw Boom()
                    }
                }
                #expect(try await names(tx) == ["outer"])
                try await tx.execute("INSERT INTO items (name) VALUES (\("after"))")
            }
            #expect(try await names(db) == ["after", "outer"])
        }
    }

    @Test("nested savepoints three deep commit together", arguments: TestDatabase.all)
    func deepNesting(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            try await db.transaction { tx in
                try await tx.execute("INSERT INTO items (name) VALUES (\("1"))")
                try await tx.transaction { second in
                    try await second.execute("INSERT INTO items (name) VALUES (\("2"))")
                    try await second.transaction { third in
                        #expect(third.depth == 2)
                        try await third.execute("INSERT INTO items (name) VALUES (\("3"))")
                    }
                    try? await second.transaction { doomed in
                        try await doomed.execute("INSERT INTO items (name) VALUES (\("x"))")
                        throw Boom()
                    }
                }
            }
            #expect(try await names(db) == ["1", "2", "3"])
        }
    }

    @Test("an outer rollback also undoes released savepoints", arguments: TestDatabase.all)
    func outerRollbackUndoesInner(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            try? await db.transaction { tx in
                try await tx.transaction { inner in
                    try await inner.execute("INSERT INTO items (name) VALUES (\("inner"))")
                }
                throw Boom()
            }
            #expect(try await names(db) == [])
        }
    }

    @Test("a transaction used after its closure returned throws misuse", arguments: TestDatabase.all)
    func escapedTransaction(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            let escaped = try await db.transaction { tx in tx }
            let error = await #expect(throws: QuarryError.self) {
                try await escaped.execute("INSERT INTO items (name) VALUES (\("late"))")
            }
            guard case .misuse? = error else {
                Issue.record("expected misuse, got \(String(describing: error))")
                return
            }
            #expect(try await names(db) == [])
        }
    }

    @Test("a session pins one connection", arguments: TestDatabase.all)
    func sessionPinsConnection(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let total = try await db.session { session in
                try await session.execute("CREATE TEMPORARY TABLE scratch (n INTEGER)")
                for n in 1...5 { try await session.execute("INSERT INTO scratch (n) VALUES (\(n))") }
                return try await session.fetchValue(Int.self, "SELECT sum(n) FROM scratch")
            }
            #expect(total == 15)
        }
    }

    @Test("a transaction inside a session commits on the session's connection", arguments: TestDatabase.all)
    func sessionTransaction(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeItems(db)
            try await db.session { session in
                try await session.transaction { tx in
                    try await tx.execute("INSERT INTO items (name) VALUES (\("in session"))")
                }
                #expect(try await names(session) == ["in session"])
            }
        }
    }

    @Test("a transaction left open in a session is rolled back before the connection is reused",
          arguments: TestDatabase.all)
    func sessionLeftOpen(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1)) { db in
            try await makeItems(db)
            try await db.session { session in
                try await session.execute("BEGIN")
                try await session.execute("INSERT INTO items (name) VALUES (\("uncommitted"))")
            }
            #expect(try await names(db) == [])
            // The connection is clean: a new transaction can begin.
            try await db.transaction { tx in
                try await tx.execute("INSERT INTO items (name) VALUES (\("committed"))")
            }
            #expect(try await names(db) == ["committed"])
        }
    }

    @Test("a session used after its closure returned throws misuse", arguments: TestDatabase.all)
    func escapedSession(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let escaped = try await db.session { $0 }
            let error = await #expect(throws: QuarryError.self) {
                try await escaped.execute("SELECT 1")
            }
            guard case .misuse? = error else {
                Issue.record("expected misuse, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("a closed database refuses work with poolClosed", arguments: TestDatabase.all)
    func closedDatabase(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            await db.close()
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("SELECT 1")
            }
            guard case .poolClosed? = error else {
                Issue.record("expected poolClosed, got \(String(describing: error))")
                return
            }
        }
    }
}
