import Foundation
import Quarry
import QuarryTesting
import Testing

/// One value to store and read back.
struct ValueCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: ValueKind
    let value: SQLValue

    var testDescription: String { "\(kind.rawValue): \(name)" }

    static let all: [ValueCase] = [
        .init(name: "zero", kind: .int, value: .int(0)),
        .init(name: "minus one", kind: .int, value: .int(-1)),
        .init(name: "Int64.max", kind: .int, value: .int(.max)),
        .init(name: "Int64.min", kind: .int, value: .int(.min)),
        .init(name: "2^53 + 1", kind: .int, value: .int(9_007_199_254_740_993)),
        .init(name: "one and a half", kind: .double, value: .double(1.5)),
        .init(name: "pi", kind: .double, value: .double(.pi)),
        .init(name: "smallest subnormal", kind: .double, value: .double(.leastNonzeroMagnitude)),
        .init(name: "smallest normal", kind: .double, value: .double(.leastNormalMagnitude)),
        .init(name: "largest finite", kind: .double, value: .double(.greatestFiniteMagnitude)),
        .init(name: "negative large", kind: .double, value: .double(-1.234_567_890_123_456_7e300)),
        .init(name: "0.1 (inexact in binary)", kind: .double, value: .double(0.1)),
        .init(name: "infinity", kind: .double, value: .double(.infinity)),
        .init(name: "minus infinity", kind: .double, value: .double(-.infinity)),
        .init(name: "empty", kind: .text, value: .text("")),
        .init(name: "ascii", kind: .text, value: .text("hello, world")),
        .init(name: "unicode", kind: .text, value: .text("Ünïcödé — 日本語 — Ελληνικά — עברית — 👩‍👩‍👧‍👦🎉")),
        .init(name: "combining marks", kind: .text, value: .text("e\u{301} vs \u{e9}")),
        .init(name: "control characters", kind: .text, value: .text("tab\tnewline\ncr\r\u{1b}[0m")),
        .init(name: "100 kB", kind: .text, value: .text(String(repeating: "quarry ", count: 15_000))),
        .init(name: "empty", kind: .blob, value: .blob([])),
        .init(name: "one zero byte", kind: .blob, value: .blob([0])),
        .init(name: "all byte values", kind: .blob, value: .blob((0...255).map { UInt8($0) })),
        .init(name: "true", kind: .bool, value: .bool(true)),
        .init(name: "false", kind: .bool, value: .bool(false)),
        .init(name: "epoch", kind: .date, value: .date(Date(microsecondsSince1970: 0))),
        .init(name: "with microseconds", kind: .date, value: .date(Date(microsecondsSince1970: 1_700_000_000_123_456))),
        .init(name: "one microsecond", kind: .date, value: .date(Date(microsecondsSince1970: 1))),
        .init(name: "before 1970", kind: .date, value: .date(Date(microsecondsSince1970: -1_234_567_890_123_457))),
        .init(name: "year 1", kind: .date, value: .date(Date(microsecondsSince1970: -62_135_596_800_000_000))),
        // A Date (a Double) holds microseconds exactly within about ±136 years
        // of 2001; farther out, whole seconds.
        .init(name: "9999-12-31 23:59:59", kind: .date, value: .date(Date(microsecondsSince1970: 253_402_300_799_000_000))),
        .init(name: "2130 with microseconds", kind: .date, value: .date(Date(microsecondsSince1970: 5_000_000_000_999_999))),
        .init(name: "random", kind: .uuid, value: .uuid(UUID())),
        .init(name: "nil UUID", kind: .uuid, value: .uuid(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))),
        .init(name: "max UUID", kind: .uuid, value: .uuid(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!)),
        .init(name: "zero", kind: .decimal, value: .decimal(0)),
        .init(name: "money", kind: .decimal, value: .decimal(Decimal(string: "19.99")!)),
        .init(name: "negative fraction", kind: .decimal, value: .decimal(Decimal(string: "-0.000123")!)),
        .init(name: "38 digits", kind: .decimal,
              value: .decimal(Decimal(string: "1234567890123456789012345678.9012345678")!)),
        .init(name: "large integer", kind: .decimal, value: .decimal(Decimal(string: "100000000000000000000")!)),
        .init(name: "object", kind: .json,
              value: .json(["name": "Ada", "age": 36, "tags": ["math", "engines"], "ratio": 0.5, "nested": ["ok": true]])),
        .init(name: "array", kind: .json, value: .json([1, "two", 3.5, nil, false])),
        .init(name: "string", kind: .json, value: .json("just text \"quoted\"")),
        .init(name: "JSON null", kind: .json, value: .json(nil)),
        .init(name: "unicode keys", kind: .json, value: .json(["ключ": "значение", "🔑": 1])),
    ] + ValueKind.allCases.map { ValueCase(name: "NULL", kind: $0, value: .null) }
}

@Suite("Values round-trip exactly")
struct ValueRoundTripTests {
    @Test("a value stored in a column reads back equal", arguments: TestDatabase.all, ValueCase.all)
    func storedValueReadsBack(_ database: TestDatabase, _ valueCase: ValueCase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE vals (v \(unsafeRaw: valueCase.kind.columnType(for: db.dialect)))")
            try await db.execute("INSERT INTO vals (v) VALUES (\(valueCase.value))")
            let read = try await readTyped(valueCase.kind, "SELECT v FROM vals", on: db)
            #expect(read == valueCase.value)
        }
    }

    @Test("a value echoed as a bind reads back equal", arguments: TestDatabase.all, ValueCase.all.filter { !$0.value.isNull })
    func boundValueEchoes(_ database: TestDatabase, _ valueCase: ValueCase) async throws {
        try await database.withDatabase { db in
            let sql: SQL = db.dialect.name == "postgres"
                ? "SELECT \(valueCase.value)::\(unsafeRaw: valueCase.kind.columnType(for: db.dialect))"
                : "SELECT \(valueCase.value)"
            let read = try await readTyped(valueCase.kind, sql, on: db)
            #expect(read == valueCase.value)
        }
    }

    @Test("a 10 MB blob round-trips", arguments: TestDatabase.all)
    func tenMegabyteBlob(_ database: TestDatabase) async throws {
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        let blob = [UInt8](random.readData(ofLength: 10 * 1024 * 1024))
        try random.close()
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE blobs (b \(unsafeRaw: ValueKind.blob.columnType(for: db.dialect)))")
            try await db.execute("INSERT INTO blobs (b) VALUES (\(blob))")
            let read = try await db.fetchValue([UInt8].self, "SELECT b FROM blobs")
            #expect(read?.count == blob.count)
            #expect(read == blob)
        }
    }

    @Test("negative zero keeps its sign as a bind; in a column PostgreSQL keeps it and SQLite's REAL stores +0",
          arguments: TestDatabase.all)
    func negativeZero(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let echoed = try #require(try await db.fetchValue(Double.self, "SELECT \(-0.0)"))
            #expect(echoed == 0 && echoed.sign == .minus)

            try await db.execute("CREATE TABLE zeros (d \(unsafeRaw: ValueKind.double.columnType(for: db.dialect)))")
            try await db.execute("INSERT INTO zeros (d) VALUES (\(-0.0))")
            let stored = try #require(try await db.fetchValue(Double.self, "SELECT d FROM zeros"))
            #expect(stored == 0)
            // SQLite writes integral REAL values as integers on disk, which drops
            // the sign of zero: a documented SQLite storage optimisation.
            #expect(stored.sign == (database == .postgres ? .minus : .plus))
        }
    }

    @Test("dates are stored at microsecond precision", arguments: TestDatabase.all)
    func datePrecision(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE times (t \(unsafeRaw: ValueKind.date.columnType(for: db.dialect)))")
            let precise = Date(timeIntervalSince1970: 1_700_000_000.123_456_7)
            try await db.execute("INSERT INTO times (t) VALUES (\(precise))")
            let read = try #require(try await db.fetchValue(Date.self, "SELECT t FROM times"))
            #expect(read == precise.roundedToMicroseconds)
            #expect(read.microsecondsSince1970 == 1_700_000_000_123_457)
        }
    }

    @Test("integers read into narrower Swift types check their range", arguments: TestDatabase.all)
    func narrowIntegers(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            let fits = try await db.fetchValue(Int16.self, "SELECT \(Int64(32_767))")
            #expect(fits == 32_767)
            let error = await #expect(throws: QuarryError.self) {
                try await db.fetchValue(Int16.self, "SELECT \(Int64(40_000))")
            }
            guard case .typeMismatch(_, let expected, _)? = error else {
                Issue.record("expected typeMismatch, got \(String(describing: error))")
                return
            }
            #expect(expected == "Int16")
        }
    }

    @Test("reading NULL into a non-optional names the column", arguments: TestDatabase.all)
    func nullIntoNonOptional(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE people (nickname TEXT)")
            try await db.execute("INSERT INTO people (nickname) VALUES (\(SQLValue.null))")
            let error = await #expect(throws: QuarryError.self) {
                try await db.fetchValue(String.self, "SELECT nickname FROM people")
            }
            guard case .unexpectedNull(let column)? = error else {
                Issue.record("expected unexpectedNull, got \(String(describing: error))")
                return
            }
            #expect(column == "nickname")
            #expect(try await db.fetchValue(String?.self, "SELECT nickname FROM people") == .some(nil))
        }
    }

    @Test("a text column read as an integer is a type mismatch naming the column", arguments: TestDatabase.all)
    func typeMismatch(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.execute("CREATE TABLE labels (label TEXT)")
            try await db.execute("INSERT INTO labels (label) VALUES (\("forty-two"))")
            let error = await #expect(throws: QuarryError.self) {
                try await db.fetchValue(Int64.self, "SELECT label FROM labels")
            }
            guard case .typeMismatch(let column, let expected, let found)? = error else {
                Issue.record("expected typeMismatch, got \(String(describing: error))")
                return
            }
            #expect(column == "label")
            #expect(expected == "integer")
            #expect(found == "text")
        }
    }
}

/// Reads the first column of the first row with the typed decoder of `kind`.
private func readTyped(_ kind: ValueKind, _ sql: SQL, on db: some QueryExecutor) async throws -> SQLValue {
    switch kind {
    case .int: return try await db.fetchValue(Int64?.self, sql).flatMap { $0 }.sqlValue
    case .double: return try await db.fetchValue(Double?.self, sql).flatMap { $0 }.sqlValue
    case .text: return try await db.fetchValue(String?.self, sql).flatMap { $0 }.sqlValue
    case .blob: return try await db.fetchValue([UInt8]?.self, sql).flatMap { $0 }.sqlValue
    case .bool: return try await db.fetchValue(Bool?.self, sql).flatMap { $0 }.sqlValue
    case .date: return try await db.fetchValue(Date?.self, sql).flatMap { $0 }.sqlValue
    case .uuid: return try await db.fetchValue(UUID?.self, sql).flatMap { $0 }.sqlValue
    case .decimal: return try await db.fetchValue(Decimal?.self, sql).flatMap { $0 }.sqlValue
    case .json: return try await db.fetchValue(JSON?.self, sql).flatMap { $0 }.sqlValue
    }
}
