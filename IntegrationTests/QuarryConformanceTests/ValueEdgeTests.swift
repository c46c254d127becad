import Foundation
import Quarry
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "edge_readings")
struct EdgeReading {
    @ID var id: Int64?
    var takenAt: Date
    var value: Double
}

@Model(table: "edge_authors")
struct EdgeAuthor {
    @ID var id: Int64?
    var name: String
}

@Model(table: "edge_counters")
struct EdgeCounter {
    @ID var id: Int64?
    var hits: Int64
    var small: Int32 = 0
}

/// Dates no database stores: they must be a typed error, never a trap.
private let unstorableDates: [(String, Date)] = [
    ("300,000 years ahead", Date(timeIntervalSince1970: 1e13)),
    ("300 million years ahead", Date(timeIntervalSince1970: 1e16)),
    ("before 4714 BC", Date(timeIntervalSince1970: -210_866_803_201)),
    ("300 million years ago", Date(timeIntervalSince1970: -1e16)),
    ("NaN", Date(timeIntervalSinceReferenceDate: .nan)),
    ("+infinity", Date(timeIntervalSinceReferenceDate: .infinity)),
    ("-infinity", Date(timeIntervalSinceReferenceDate: -.infinity)),
]

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Values at the edges: typed errors, the same on both databases")
struct ValueEdgeTests {
    @Test("9 · a date beyond what the databases store (or NaN, infinite) is invalidValue in writes and filters, nothing stored",
          arguments: TestDatabase.all)
    func unstorableDate(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), unstorableDateScenario)
    }

    @Test("9 · the first and far-off storable dates round-trip", arguments: TestDatabase.all)
    func storableExtremes(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), storableExtremesScenario)
    }

    @Test("5 · a NUL byte in a text match is refused, naming the column — never a wider match", arguments: TestDatabase.all)
    func nulInTextMatch(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), nulInTextMatchScenario)
    }

    @Test("10 · integer arithmetic past the 64-bit range is invalidValue on both databases, the row unchanged", arguments: TestDatabase.all)
    func integerOverflow(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), integerOverflowScenario)
    }

    @Test("11 · a NaN double is invalidValue on both databases, nothing stored; infinities round-trip", arguments: TestDatabase.all)
    func notANumber(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), notANumberScenario)
    }

    @Test("14 · a numeric beyond Decimal's 38 digits is invalidValue when read, never rounded; 38 digits and 1e50 are exact",
          arguments: TestDatabase.all)
    func longNumeric(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), longNumericScenario)
    }
}

@Model(table: "edge_amounts")
struct EdgeAmount {
    @ID var id: Int64?
    var amount: Decimal
}

private func longNumericScenario(_ db: Database) async throws {
    try await db.createTables(EdgeAmount.self)
    let exact = ["12345678901234567890123456789012345678", "-1234567890123456789.0123456789012345678",
                 "1" + String(repeating: "0", count: 50), "0.000000000000000000000000000000000000000000123"]
    for text in exact {
        let row = try await EdgeAmount(amount: try Decimal.exact(text)).insert(on: db)
        let read = try await EdgeAmount.get(on: db, id: row.id!).amount
        #expect(read == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "\(text) → \(read)")
    }
    // Written by another program: more significant digits than Decimal keeps.
    let long = "1234567890123456789012345678901234567890.5"
    let table = db.dialect.quoteIdentifier("edge_amounts")
    let cast = db.dialect.name == "postgres" ? "CAST('\(long)' AS NUMERIC)" : "'\(long)'"
    try await db.execute(SQL(stringLiteral: "INSERT INTO \(table) (amount) VALUES (\(cast))"))
    await expectInvalidValue("a 41-digit numeric") { _ = try await EdgeAmount.all(on: db) }
    await expectInvalidValue("a 41-digit numeric as a value") {
        _ = try await db.fetchValue(Decimal.self, SQL(stringLiteral: "SELECT amount FROM \(table) ORDER BY id DESC LIMIT 1"))
    }
    #expect(throws: QuarryError.self) { try Decimal.exact(String(repeating: "9", count: 40)) }
    #expect(throws: QuarryError.self) { try Decimal.exact("12abc") }
}

private func expectInvalidValue(_ what: String, _ work: () async throws -> Void) async {
    do {
        try await work()
        Issue.record("\(what): accepted")
    } catch QuarryError.invalidValue {
    } catch {
        Issue.record("\(what): expected invalidValue, got \(error)")
    }
}

private func unstorableDateScenario(_ db: Database) async throws {
    try await db.createTables(EdgeReading.self)
    for (name, date) in unstorableDates {
        #expect(!date.isStorable, "\(name)")
        await expectInvalidValue("insert \(name)") { _ = try await EdgeReading(takenAt: date, value: 1).insert(on: db) }
        await expectInvalidValue("filter \(name)") { _ = try await EdgeReading.query.filter { $0.takenAt > date }.all(on: db) }
        await expectInvalidValue("raw \(name)") { try await db.execute("INSERT INTO edge_readings (taken_at, value) VALUES (\(date), \(1.0))") }
    }
    #expect(try await EdgeReading.count(on: db) == 0)
}

private func storableExtremesScenario(_ db: Database) async throws {
    try await db.createTables(EdgeReading.self)
    let first = Date(timeIntervalSince1970: -210_866_803_200)          // 4714-11-24 00:00 UTC BC
    let farOff = Date(timeIntervalSince1970: 9_000_000_000_000)        // year 287,000 or so
    let saved = try await EdgeReading.insert([EdgeReading(takenAt: first, value: 0), EdgeReading(takenAt: farOff, value: 0)], on: db)
    let read = try await EdgeReading.query.order { $0.takenAt }.all(on: db).map(\.takenAt)
    #expect(first.isStorable && farOff.isStorable)
    #expect(saved.count == 2)
    #expect(read == [first, farOff], "\(read.map(\.timeIntervalSince1970))")
}

private func notANumberScenario(_ db: Database) async throws {
    try await db.createTables(EdgeReading.self)
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    await expectInvalidValue("insert NaN") { _ = try await EdgeReading(takenAt: now, value: .nan).insert(on: db) }
    await expectInvalidValue("filter NaN") { _ = try await EdgeReading.query.filter { $0.value == .nan }.all(on: db) }
    #expect(try await EdgeReading.count(on: db) == 0)
    _ = try await EdgeReading.insert([EdgeReading(takenAt: now, value: .infinity), EdgeReading(takenAt: now, value: -.infinity)], on: db)
    let values = try await EdgeReading.query.order { $0.value }.all(on: db).map(\.value)
    #expect(values == [-.infinity, .infinity])
}

private func nulInTextMatchScenario(_ db: Database) async throws {
    try await db.createTables(EdgeAuthor.self)
    _ = try await EdgeAuthor.insert([EdgeAuthor(name: "Ada Lovelace"), EdgeAuthor(name: "Grace Hopper")], on: db)
    let lookups: [(ColumnLookup, String)] = [(.icontains, "\0"), (.contains, "a\0"), (.endswith, "lace\0zzz"), (.startswith, "Ada\0")]
    for (lookup, value) in lookups {
        do {
            let rows = try await EdgeAuthor.query.filter(\.name, lookup, [value]).all(on: db)
            Issue.record("\(lookup.rawValue) with a NUL matched \(rows.map(\.name))")
        } catch QuarryError.invalidArgument(let name, _) {
            #expect(name == "name", "the error names the column")
        }
    }
    let typed = [
        EdgeAuthor.query.filter { $0.name.contains("\0") }, EdgeAuthor.query.filter { $0.name.hasSuffix("lace\0zzz") },
    ]
    for query in typed {
        do {
            let rows = try await query.all(on: db)
            Issue.record("a typed text match with a NUL matched \(rows.map(\.name))")
        } catch QuarryError.invalidArgument(let name, _) {
            #expect(name == "name")
        }
    }
}

private func integerOverflowScenario(_ db: Database) async throws {
    try await db.createTables(EdgeCounter.self)
    let top = try await EdgeCounter(hits: .max).insert(on: db)
    let bottom = try await EdgeCounter(hits: .min).insert(on: db)
    await expectInvalidValue("increment past max") { _ = try await EdgeCounter.increment(on: db, id: top.id!, \.hits) }
    await expectInvalidValue("increment below min") { _ = try await EdgeCounter.increment(on: db, id: bottom.id!, \.hits, by: -1) }
    await expectInvalidValue("bulk +") {
        _ = try await EdgeCounter.query.filter { $0.id == top.id! }.update(on: db) { [$0.hits.set(to: $0.hits + 1)] }
    }
    await expectInvalidValue("bulk -") {
        _ = try await EdgeCounter.query.filter { $0.id == bottom.id! }.update(on: db) { [$0.hits.set(to: $0.hits - 1)] }
    }
    await expectInvalidValue("bulk *") {
        _ = try await EdgeCounter.query.filter { $0.id == top.id! }.update(on: db) { [$0.hits.set(to: $0.hits * 2)] }
    }
    let rows = try await EdgeCounter.query.order { $0.id }.all(on: db).map(\.hits)
    #expect(rows == [.max, .min], "the rows are unchanged and still read as integers")
    // Within range the arithmetic is exact, column with column too.
    let near = try await EdgeCounter.increment(on: db, id: top.id!, \.hits, by: -(Int64.max - 3))
    _ = try await EdgeCounter.query.filter { $0.id == top.id! }.update(on: db) { [$0.hits.set(to: $0.hits * $0.hits - 1)] }
    #expect(near == 3)
    #expect(try await EdgeCounter.get(on: db, id: top.id!).hits == 8)
}
