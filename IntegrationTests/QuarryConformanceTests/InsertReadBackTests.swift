import Foundation
import Quarry
import QuarryTesting
import Testing

/// Columns whose values SQLite reads back as written: its single-row
/// inserts skip `RETURNING` and build the row from the values and the key.
@Model(table: "read_backs")
struct ReadBackRow: Equatable {
    @ID var id: Int64?
    var int: Int64
    var small: Int16
    var double: Double
    var float: Float
    var flag: Bool
    var text: String
    var bytes: [UInt8]
    var date: Date
    var uuid: UUID
    var note: String?
}

/// The same with a decimal and a JSON column, which are read back through a
/// parse: their inserts keep `RETURNING`.
@Model(table: "read_back_parsed")
struct ParsedReadBack: Equatable {
    @ID var id: Int64?
    var amount: Decimal
    var document: JSON
    var double: Double
}

/// A column the database fills: the insert must read the row back.
@Model(table: "read_back_stamped")
struct StampedReadBack: Equatable {
    @ID var id: Int64?
    var label: String
    @Column(.defaultNow) var stampedAt: Date?
}

/// Rows at the edges of what each column stores.
private let edgeRows: [ReadBackRow] = [
    ReadBackRow(
        int: .max, small: .min, double: -0.0, float: .leastNonzeroMagnitude, flag: true, text: "", bytes: [],
        date: Date(timeIntervalSince1970: 1_700_000_000.123_456_789), uuid: UUID(), note: nil),
    ReadBackRow(
        int: .min, small: .max, double: .greatestFiniteMagnitude, float: -.infinity, flag: false,
        text: "Ünïcödé 🎉 '; --", bytes: (0...255).map { UInt8($0) },
        date: Date(timeIntervalSince1970: -1_234_567_890.000_000_4), uuid: UUID(), note: ""),
    ReadBackRow(
        int: 0, small: 0, double: 0.1, float: 3.25, flag: true, text: "tab\tnewline\n", bytes: [0],
        date: Date(microsecondsSince1970: 0), uuid: UUID(), note: "x"),
    ReadBackRow(
        int: -1, small: -1, double: .infinity, float: 0, flag: false, text: String(repeating: "q", count: 10_000),
        bytes: [255], date: Date(timeIntervalSince1970: 4_102_444_800.999_999_9), uuid: UUID(), note: nil),
]

@Suite("Inserted rows equal the rows a read returns")
struct InsertReadBackTests {
    @Test("single and multi-row inserts return exactly what a get reads, sign of zero and microseconds included",
          arguments: TestDatabase.all)
    func insertedEqualsRead(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self)
            var inserted: [ReadBackRow] = []
            for row in edgeRows { inserted.append(try await row.insert(on: db)) }
            inserted += try await ReadBackRow.insert(edgeRows, on: db)
            // A key given by the caller is kept, not replaced by another.
            inserted.append(try await ReadBackRow(
                id: 1_000, int: 7, small: 7, double: 7, float: 7, flag: true, text: "given", bytes: [7],
                date: Date(microsecondsSince1970: 7), uuid: UUID(), note: nil).insert(on: db))
            #expect(inserted.map(\.id) == [1, 2, 3, 4, 5, 6, 7, 8, 1_000])
            for row in inserted {
                let read = try await ReadBackRow.get(on: db, id: row.id!)
                #expect(read == row)
                // Equatable calls -0.0 and 0.0 equal; what is stored is one of them.
                #expect(read.double.bitPattern == row.double.bitPattern, "\(read.double) vs \(row.double)")
                #expect(read.date.timeIntervalSince1970.bitPattern == row.date.timeIntervalSince1970.bitPattern)
            }
            #expect(inserted[0].date == Date(microsecondsSince1970: 1_700_000_000_123_457))
        }
    }

    @Test("SQLite inserts a row of read-back columns without RETURNING; PostgreSQL, parsed and stamped columns keep it",
          arguments: TestDatabase.all)
    func returningOnlyWhereNeeded(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self, ParsedReadBack.self, StampedReadBack.self)
            let (plain, plainEvents) = try await StatementObservation.collecting {
                try await edgeRows[0].insert(on: db)
            }
            let (parsed, parsedEvents) = try await StatementObservation.collecting {
                try await ParsedReadBack(amount: Decimal(string: "1.50")!, document: ["a": 1.0], double: -0.0).insert(on: db)
            }
            let (stamped, stampedEvents) = try await StatementObservation.collecting {
                try await StampedReadBack(label: "now").insert(on: db)
            }
            let skipsReturning = db.dialect.name == "sqlite"
            #expect(plainEvents.map { $0.sql.contains("RETURNING") } == [!skipsReturning], "\(plainEvents.map(\.sql))")
            #expect(parsedEvents.map { $0.sql.contains("RETURNING") } == [true])
            #expect(stampedEvents.map { $0.sql.contains("RETURNING") } == [true])
            #expect(try await ParsedReadBack.get(on: db, id: parsed.id!) == parsed)
            #expect(parsed.amount == Decimal(string: "1.5")!)
            #expect(stamped.stampedAt != nil)
            #expect(try await StampedReadBack.get(on: db, id: stamped.id!) == stamped)
            #expect(try await ReadBackRow.get(on: db, id: plain.id!) == plain)
        }
    }

    @Test("a failed insert without RETURNING returns nothing and writes nothing", arguments: TestDatabase.all)
    func failedInsert(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self)
            let first = try await edgeRows[2].insert(on: db)
            var duplicate = edgeRows[2]
            duplicate.id = first.id
            await #expect(throws: QuarryError.self) { try await duplicate.insert(on: db) }
            // NaN is refused before it is written, on both databases.
            var notANumber = edgeRows[2]
            notANumber.double = .nan
            await #expect(throws: QuarryError.self) { try await notANumber.insert(on: db) }
            #expect(try await ReadBackRow.query.count(on: db) == 1)
            // The next key follows the stored one.
            #expect(try await edgeRows[3].insert(on: db).id == first.id! + 1)
        }
    }
}
