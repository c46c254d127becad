import Quarry
import QuarryTesting
import Testing

/// parents(email unique, age checked) and children(parent_id → parents).
private func makeFamily(_ db: Database) async throws {
    try await db.execute("""
        CREATE TABLE parents (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL CONSTRAINT parents_email_key UNIQUE,
            age INTEGER CONSTRAINT parents_age_positive CHECK (age > 0)
        )
        """)
    try await db.execute("""
        CREATE TABLE children (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER CONSTRAINT children_parent_fkey REFERENCES parents (id)
        )
        """)
    try await db.execute("INSERT INTO parents (id, email, age) VALUES (\(1), \("ada@example.com"), \(36))")
}

private func parentCount(_ db: Database) async throws -> Int? {
    try await db.fetchValue(Int.self, "SELECT count(*) FROM parents")
}

@Suite("Constraint violations map to typed errors")
struct ConstraintErrorTests {
    @Test("a duplicate unique value is uniqueViolation naming the constraint", arguments: TestDatabase.all)
    func unique(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            let secret = "ada@example.com"
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO parents (id, email, age) VALUES (\(2), \(secret), \(20))")
            }
            guard case .uniqueViolation(let info)? = error else {
                Issue.record("expected uniqueViolation, got \(String(describing: error))")
                return
            }
            #expect(info.constraint == (database == .postgres ? "parents_email_key" : "parents.email"))
            #expect(info.sql?.contains("INSERT INTO parents") == true)
            #expect(info.sql?.contains(secret) == false, "bind values never appear in errors")
            #expect(database == .postgres ? info.sqlState == "23505" : info.sqliteExtendedCode == 2067)
            #expect(try await parentCount(db) == 1)
        }
    }

    @Test("a duplicate primary key is uniqueViolation", arguments: TestDatabase.all)
    func primaryKey(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO parents (id, email, age) VALUES (\(1), \("other@example.com"), \(20))")
            }
            guard case .uniqueViolation? = error else {
                Issue.record("expected uniqueViolation, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("a missing parent is foreignKeyViolation", arguments: TestDatabase.all)
    func foreignKey(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO children (id, parent_id) VALUES (\(1), \(999))")
            }
            guard case .foreignKeyViolation(let info)? = error else {
                Issue.record("expected foreignKeyViolation, got \(String(describing: error))")
                return
            }
            // SQLite does not report which foreign key failed.
            #expect(info.constraint == (database == .postgres ? "children_parent_fkey" : nil))
            #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM children") == 0)
        }
    }

    @Test("deleting a referenced parent is foreignKeyViolation", arguments: TestDatabase.all)
    func foreignKeyOnDelete(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            try await db.execute("INSERT INTO children (id, parent_id) VALUES (\(1), \(1))")
            await #expect(throws: QuarryError.self) {
                try await db.execute("DELETE FROM parents WHERE id = \(1)")
            }
            #expect(try await parentCount(db) == 1)
        }
    }

    @Test("NULL in a NOT NULL column is notNullViolation naming the column", arguments: TestDatabase.all)
    func notNull(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO parents (id, email, age) VALUES (\(2), \(SQLValue.null), \(20))")
            }
            guard case .notNullViolation(let info)? = error else {
                Issue.record("expected notNullViolation, got \(String(describing: error))")
                return
            }
            #expect(info.column == "email")
            #expect(info.table == "parents")
        }
    }

    @Test("a failed CHECK is checkViolation naming the constraint", arguments: TestDatabase.all)
    func check(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("INSERT INTO parents (id, email, age) VALUES (\(2), \("b@example.com"), \(-5))")
            }
            guard case .checkViolation(let info)? = error else {
                Issue.record("expected checkViolation, got \(String(describing: error))")
                return
            }
            #expect(info.constraint == "parents_age_positive")
            #expect(try await parentCount(db) == 1)
        }
    }

    @Test("a violation inside a multi-row transaction leaves no row written", arguments: TestDatabase.all)
    func nothingHalfWritten(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await makeFamily(db)
            await #expect(throws: QuarryError.self) {
                try await db.transaction { tx in
                    for id in 2...5 {
                        try await tx.execute(
                            "INSERT INTO parents (id, email, age) VALUES (\(id), \("p\(id)@example.com"), \(30))")
                    }
                    try await tx.execute("INSERT INTO parents (id, email, age) VALUES (\(6), \("ada@example.com"), \(30))")
                }
            }
            #expect(try await parentCount(db) == 1)
        }
    }

    @Test("malformed SQL is a syntax error carrying the SQL", arguments: TestDatabase.all)
    func syntax(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("SELEC 1")
            }
            guard case .syntax(let info)? = error else {
                Issue.record("expected syntax, got \(String(describing: error))")
                return
            }
            #expect(info.sql == "SELEC 1")
        }
    }

    @Test("an unknown table is a database error, not a crash", arguments: TestDatabase.all)
    func unknownTable(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let error = await #expect(throws: QuarryError.self) {
                try await db.execute("SELECT * FROM no_such_table")
            }
            guard case .database(let info)? = error else {
                Issue.record("expected database, got \(String(describing: error))")
                return
            }
            #expect(info.message.contains("no_such_table"))
        }
    }
}
