import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite
import QuarryTesting
import Testing

@Model(table: "people")
struct Scientist: Equatable {
    @ID var id: Int64?
    var name: String
    var nickname: String?
    var age: Int
    var bonus: Int?
    var score: Double
    var born: Date
}

/// The people every query-language suite runs on.
enum QueryFixtures {
    static let scientists: [Scientist] = [
    Scientist(name: "Ada", nickname: "Countess", age: 36, bonus: 10, score: 9.5, born: SQLTimestamp.parse("1815-12-10 08:00:00")!),
    Scientist(name: "alan", nickname: nil, age: 41, bonus: nil, score: 8.0, born: SQLTimestamp.parse("1912-06-23 12:00:00")!),
    Scientist(name: "Grace", nickname: "Amazing", age: 85, bonus: 85, score: 9.9, born: SQLTimestamp.parse("1906-12-09 10:30:00")!),
    Scientist(name: "100% Linus", nickname: "under_score", age: 54, bonus: 0, score: 7.25, born: SQLTimestamp.parse("1969-12-28 23:59:59")!),
    Scientist(name: "Edsger", nickname: nil, age: 72, bonus: 72, score: 8.5, born: SQLTimestamp.parse("1930-05-11 06:15:00")!),
    ]
}

/// The names a query selects, sorted.
private func names(_ query: Query<Scientist>, on db: Database) async throws -> [String] {
    try await query.all(on: db).map(\.name).sorted()
}

private func withPeople(_ database: TestDatabase, _ body: (Database) async throws -> Void) async throws {
    try await database.withDatabase { db in
        try await db.createTables(Scientist.self)
        try await Scientist.insert(QueryFixtures.scientists, on: db)
        try await body(db)
    }
}

@Suite("Query language: operators")
struct QueryOperatorTests {
    @Test("comparisons against values", arguments: TestDatabase.all)
    func comparisons(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.age == 36 }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.age != 36 }, on: db).count == 4)
            #expect(try await names(Scientist.filter { $0.age < 41 }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.age <= 41 }, on: db) == ["Ada", "alan"])
            #expect(try await names(Scientist.filter { $0.age > 72 }, on: db) == ["Grace"])
            #expect(try await names(Scientist.filter { $0.age >= 72 }, on: db) == ["Edsger", "Grace"])
            #expect(try await names(Scientist.filter { $0.score > 9.0 }, on: db) == ["Ada", "Grace"])
        }
    }

    @Test("NULL: == nil, != nil, isNull, and unknown comparisons select nothing", arguments: TestDatabase.all)
    func nulls(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.nickname == nil }, on: db) == ["Edsger", "alan"])
            #expect(try await names(Scientist.filter { $0.nickname != nil }, on: db).count == 3)
            #expect(try await names(Scientist.filter { $0.bonus.isNull() }, on: db) == ["alan"])
            #expect(try await names(Scientist.filter { $0.bonus.isNotNull() }, on: db).count == 4)
            // alan's NULL bonus is neither > 5 nor NOT (> 5).
            #expect(try await names(Scientist.filter { $0.bonus > 5 }, on: db) == ["Ada", "Edsger", "Grace"])
            #expect(try await names(Scientist.filter { !($0.bonus > 5) }, on: db) == ["100% Linus"])
        }
    }

    @Test("&&, || and ! combine conditions", arguments: TestDatabase.all)
    func logic(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.age > 40 && $0.score > 8.0 }, on: db) == ["Edsger", "Grace"])
            #expect(try await names(Scientist.filter { $0.age < 40 || $0.age > 80 }, on: db) == ["Ada", "Grace"])
            #expect(try await names(Scientist.filter { !($0.age < 50) }, on: db) == ["100% Linus", "Edsger", "Grace"])
            let chained = Scientist.filter { $0.age > 40 }.filter { $0.age < 60 }
            #expect(try await names(chained, on: db) == ["100% Linus", "alan"])
        }
    }

    @Test("in and notIn, including empty lists", arguments: TestDatabase.all)
    func membership(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.age.in([36, 85, 999]) }, on: db) == ["Ada", "Grace"])
            #expect(try await names(Scientist.filter { $0.age.notIn([36, 85]) }, on: db).count == 3)
            #expect(try await names(Scientist.filter { $0.age.in([]) }, on: db) == [])
            #expect(try await names(Scientist.filter { $0.age.notIn([]) }, on: db).count == 5)
            #expect(try await names(Scientist.filter { $0.name.in(["Ada", "'; DROP TABLE scientists; --"]) }, on: db) == ["Ada"])
        }
    }

    @Test("between includes both ends", arguments: TestDatabase.all)
    func between(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.age.between(41, and: 72) }, on: db) == ["100% Linus", "Edsger", "alan"])
        }
    }

    @Test("like is case-sensitive and ilike is not, on both databases", arguments: TestDatabase.all)
    func likeCase(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.name.like("a%") }, on: db) == ["alan"])
            #expect(try await names(Scientist.filter { $0.name.like("A%") }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.name.ilike("a%") }, on: db) == ["Ada", "alan"])
            #expect(try await names(Scientist.filter { $0.name.like("_race") }, on: db) == ["Grace"])
            #expect(try await names(Scientist.filter { $0.name.equalsIgnoringCase("ALAN") }, on: db) == ["alan"])
        }
    }

    @Test("hasPrefix, hasSuffix and contains take % and _ literally", arguments: TestDatabase.all)
    func literalText(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.name.hasPrefix("100%") }, on: db) == ["100% Linus"])
            #expect(try await names(Scientist.filter { $0.name.contains("%") }, on: db) == ["100% Linus"])
            #expect(try await names(Scientist.filter { $0.nickname.contains("_") }, on: db) == ["100% Linus"])
            #expect(try await names(Scientist.filter { $0.nickname.hasSuffix("ess") }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.name.contains("\\") }, on: db) == [])
            #expect(try await names(Scientist.filter { $0.name.hasPrefix("a") }, on: db) == ["alan"])
        }
    }

    @Test("expressions: column arithmetic, column comparisons, coalesce, lower/upper, date parts", arguments: TestDatabase.all)
    func expressions(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            #expect(try await names(Scientist.filter { $0.bonus == $0.bonus }, on: db).count == 4, "NULL = NULL is unknown")
            #expect(try await names(Scientist.filter { $0.age + 10 > 90 }, on: db) == ["Grace"])
            #expect(try await names(Scientist.filter { $0.age * 2 == 72 }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.bonus.coalesce(-1) == -1 }, on: db) == ["alan"])
            #expect(try await names(Scientist.filter { $0.name.lower() == "ada" }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.name.upper() == "ALAN" }, on: db) == ["alan"])
            #expect(try await names(Scientist.filter { $0.born.datePart(.year) == 1815 }, on: db) == ["Ada"])
            #expect(try await names(Scientist.filter { $0.born.datePart(.month) == 12 }, on: db) == ["100% Linus", "Ada", "Grace"])
            #expect(try await names(Scientist.filter { $0.born.datePart(.hour) == 23 && $0.born.datePart(.second) == 59 }, on: db) == ["100% Linus"])
        }
    }

    @Test("order, nulls placement, limit, offset, first, count, exists, distinct", arguments: TestDatabase.all)
    func shaping(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            let byAge = try await Scientist.query.order { $0.age.desc() }.all(on: db).map(\.name)
            #expect(byAge == ["Grace", "Edsger", "100% Linus", "alan", "Ada"])
            let nullsFirst = try await Scientist.query.order { $0.bonus.asc(nulls: .first) }.all(on: db).map(\.name)
            #expect(nullsFirst.first == "alan")
            let nullsLast = try await Scientist.query.order { $0.bonus.desc(nulls: .last) }.all(on: db).map(\.name)
            #expect(nullsLast.last == "alan")
            let page = try await Scientist.query.order { $0.age }.limit(2).offset(1).all(on: db).map(\.name)
            #expect(page == ["alan", "100% Linus"])
            let skipped = try await Scientist.query.order { $0.age }.offset(3).all(on: db).map(\.name)
            #expect(skipped == ["Edsger", "Grace"])
            #expect(try await Scientist.filter { $0.age > 50 }.order { $0.age }.first(on: db)?.name == "100% Linus")
            #expect(try await Scientist.filter { $0.age > 50 }.count(on: db) == 3)
            #expect(try await Scientist.filter { $0.age > 50 }.limit(2).count(on: db) == 2)
            #expect(try await Scientist.filter { $0.age > 100 }.exists(on: db) == false)
            #expect(try await Scientist.filter { $0.age > 80 }.exists(on: db))
            #expect(try await Scientist.query.distinct().count(on: db) == 5)
        }
    }

    @Test("bulk update and delete return the affected count", arguments: TestDatabase.all)
    func bulk(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            // Queries are built outside #expect: Swift 6.3 can confuse a
            // closure inside an #expect expansion with one outside it in the
            // same function (seen here: the wrong filter ran).
            let older = Scientist.filter { $0.age > 50 }
            let raised = try await older.update(on: db) { [$0.age.set(to: $0.age + 1), $0.nickname.set(to: nil)] }
            let unnamed = try await Scientist.filter { $0.nickname == nil }.count(on: db)
            let oldest = try await Scientist.filter { $0.age == 86 }.count(on: db)
            let linus = Scientist.filter { $0.name.hasPrefix("100%") }
            let removed = try await linus.delete(on: db)
            let remaining = try await Scientist.count(on: db)
            #expect(raised == 3)
            #expect(unnamed == 4)
            #expect(oldest == 1)
            #expect(removed == 1)
            #expect(remaining == 4)
            let limited = Scientist.query.limit(1)
            let unbounded = Scientist.query
            let negative = Scientist.query.limit(-1)
            await #expect(throws: QuarryError.self) { try await limited.delete(on: db) }
            await #expect(throws: QuarryError.self) { try await unbounded.update(on: db) { _ in [] } }
            await #expect(throws: QuarryError.self) { try await negative.all(on: db) }
        }
    }

    @Test("hostile values through every operator stay data", arguments: TestDatabase.all)
    func hostile(_ database: TestDatabase) async throws {
        try await withPeople(database) { (db: Database) async throws in
            for text in hostileStrings {
                #expect(try await Scientist.filter { $0.name == text }.count(on: db) == 0)
                #expect(try await Scientist.filter { $0.name.contains(text) || $0.name.hasPrefix(text) }.count(on: db) == 0)
                // A LIKE pattern is a pattern ("%_%" matches everything), but never SQL.
                _ = try await Scientist.filter { $0.nickname.like(text) || $0.name.ilike(text) }.count(on: db)
                #expect(try await Scientist.filter { $0.name.in([text]) || $0.name.equalsIgnoringCase(text) }.count(on: db) == 0)
            }
            #expect(try await Scientist.count(on: db) == 5)
        }
    }

    @Test("the compiled SQL is inspectable and binds every value")
    func inspectable() throws {
        let query = Scientist.filter { $0.age >= 10 && $0.name.hasPrefix("A") }.order { $0.name }.limit(20)
        let (sqlite, binds) = try query.sql(for: SQLiteDialect())
        #expect(sqlite == #"SELECT "id", "name", "nickname", "age", "bonus", "score", "born" FROM "people" "#
            + #"WHERE (("people"."age" >= ?1) AND ("people"."name" LIKE ?2 ESCAPE '\')) ORDER BY "people"."name" ASC LIMIT ?3"#)
        #expect(binds == [.int(10), .text("A%"), .int(20)])
        let (postgres, _) = try query.sql(for: PostgresDialect())
        #expect(postgres.contains(#"("people"."age" >= $1)"#) && postgres.hasSuffix("LIMIT $3"))
    }
}
