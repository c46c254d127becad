import Foundation
import Quarry
import QuarryTesting
import Testing

@Suite("Models: tables and CRUD")
struct ModelCRUDTests {
    @Test("every column kind round-trips through insert and get", arguments: TestDatabase.all)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            let original = Everything(
                int: .max, int16: .min, int32: -7, double: .leastNonzeroMagnitude, float: 1.5, bool: false,
                text: "Ünïcödé 👩‍👩‍👧", limited: "ten chars!", data: Data((0...255).map { UInt8($0) }),
                date: Date(microsecondsSince1970: -1_234_567), decimal: Decimal(string: "-123456789.000001")!,
                json: ["nested": ["list": [1, 2.5, nil]]], status: .banned, level: .low, note: "n",
                seen: Date(microsecondsSince1970: 42), karma: 7)
            let stored = try await original.insert(on: db)
            let id = try #require(stored.id)
            #expect(stored.createdAt != nil, "the database default fills created_at")
            var expected = original
            expected.id = id
            expected.createdAt = stored.createdAt
            #expect(stored == expected)
            #expect(try await Everything.get(on: db, id: id) == expected)
        }
    }

    @Test("database defaults apply when the column is omitted", arguments: TestDatabase.all)
    func defaults(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            try await db.execute("""
                INSERT INTO everything (int, int16, int32, double, float, bool, text, limited, data, date, uuid, decimal, json, status, level)
                VALUES (\(1), \(2), \(3), \(4.0), \(5.0), \(true), \("t"), \("l"), \(Data()), \(Date()), \(UUID()), \(Decimal(1)), \(JSON.null), \("active"), \(1))
                """)
            let row = try #require(try await Everything.first(on: db))
            #expect(row.karma == 0)
            let created = try #require(row.createdAt)
            #expect(abs(created.timeIntervalSinceNow) < 60)
        }
    }

    @Test("find, exists, count, all, update and delete", arguments: TestDatabase.all)
    func crud(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            let a = try await Everything(text: "a").insert(on: db)
            let b = try await Everything(text: "b").insert(on: db)
            #expect(try await Everything.count(on: db) == 2)
            #expect(try await Everything.all(on: db).map(\.text) == ["a", "b"])
            #expect(try await Everything.exists(on: db, id: a.id!))
            #expect(try await Everything.find(on: db, id: 999) == nil)

            var changed = b
            changed.text = "b2"
            changed.note = "edited"
            let updated = try await changed.update(on: db)
            #expect(updated == changed)
            #expect(try await Everything.get(on: db, id: b.id!).text == "b2")

            try await a.delete(on: db)
            #expect(try await Everything.count(on: db) == 1)
            #expect(try await Everything.exists(on: db, id: a.id!) == false)
        }
    }

    @Test("a missing row is notFound for get, update and delete", arguments: TestDatabase.all)
    func notFound(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            let isNotFound: @Sendable (any Error) -> Bool = { error in
                guard case QuarryError.notFound(let table, let key) = error else { return false }
                return table == "everything" && key == "404"
            }
            await #expect(performing: { try await Everything.get(on: db, id: 404) }, throws: isNotFound)
            await #expect(performing: { try await Everything(id: 404).update(on: db) }, throws: isNotFound)
            await #expect(performing: { try await Everything.delete(on: db, id: 404) }, throws: isNotFound)
            #expect(try await Everything.count(on: db) == 0)
        }
    }

    @Test("a value longer than maxLength is refused and nothing is written", arguments: TestDatabase.all)
    func maxLength(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            await #expect(throws: QuarryError.self) {
                try await Everything(limited: "eleven char").insert(on: db)
            }
            #expect(try await Everything.count(on: db) == 0)
        }
    }

    @Test("reserved words work as table and column names", arguments: TestDatabase.all)
    func reservedWords(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReservedWords.self)
            let row = ReservedWords(user: "ada", group: "admins", select: 3)
            #expect(try await row.insert(on: db) == row)
            #expect(try await ReservedWords.get(on: db, id: row.key) == row)
            var renamed = row
            renamed.group = "users"
            try await renamed.update(on: db)
            #expect(try await ReservedWords.all(on: db) == [renamed])
            try await db.dropTables(ReservedWords.self)
            await #expect(throws: QuarryError.self) { try await ReservedWords.count(on: db) }
        }
    }

    @Test("hostile strings in every text column stay data", arguments: TestDatabase.all)
    func hostileText(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReservedWords.self)
            let hostile = hostileStrings.filter { $0.count < 1000 }
            let rows = hostile.map { ReservedWords(user: $0, group: $0, select: $0.count) }
            try await ReservedWords.insert(rows, on: db)
            let stored = try await ReservedWords.all(on: db)
            #expect(Set(stored.map(\.user)) == Set(hostile))
            #expect(stored.allSatisfy { $0.user == $0.group })
        }
    }

    @Test("insert of 50,000 rows runs in chunks under the bind limit, in one transaction",
          arguments: TestDatabase.all)
    func insertMany(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReservedWords.self)
            let rows = (0..<50_000).map { ReservedWords(user: "user\($0)", group: "g\($0 % 7)", select: $0) }
            let stored = try await ReservedWords.insert(rows, on: db)
            #expect(stored.count == 50_000)
            #expect(try await ReservedWords.count(on: db) == 50_000)
            #expect(try await db.fetchValue(Int.self, "SELECT sum(\(identifier: "select")) FROM \(identifier: "order")")
                == (0..<50_000).reduce(0, +))
        }
    }

    @Test("a failing row in a chunked insert leaves no row written", arguments: TestDatabase.all)
    func insertManyAtomic(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReservedWords.self)
            var rows = (0..<5_000).map { ReservedWords(user: "u\($0)", group: "g", select: $0) }
            rows.append(rows[10])   // duplicate primary key, in the last chunk
            await #expect(throws: QuarryError.self) { try await ReservedWords.insert(rows, on: db) }
            #expect(try await ReservedWords.count(on: db) == 0)
        }
    }

    @Test("rows with and without keys and defaults insert together, in order", arguments: TestDatabase.all)
    func mixedKeys(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Everything.self)
            let stamp = Date(microsecondsSince1970: 1_000_000)
            let stored = try await Everything.insert(
                [Everything(text: "1"), Everything(id: 50, text: "2", createdAt: stamp), Everything(text: "3")], on: db)
            #expect(stored.map(\.text) == ["1", "2", "3"])
            #expect(stored[1].id == 50)
            #expect(stored[1].createdAt == stamp)
            #expect(stored[0].createdAt != nil && stored[2].createdAt != nil)
            #expect(Set(stored.compactMap(\.id)).count == 3)
        }
    }
}
