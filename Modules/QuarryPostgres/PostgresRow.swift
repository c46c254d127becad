import CLibPQ
import Foundation
import Quarry

/// One row of a binary-format libpq result, read column by column.
///
/// Results come back in binary: integers, doubles, timestamps and UUIDs are
/// read without parsing text, and doubles are exact. Types outside the
/// built-in set below are rejected with a message that suggests a cast.
struct PostgresRow: RowDecoder {
    let result: OpaquePointer
    let row: Int32
    let columnNames: [String]
    let columnTypes: [Oid]
    private(set) var currentIndex: Int = 0

    init(result: OpaquePointer, row: Int32, columnNames: [String], columnTypes: [Oid]) {
        self.result = result
        self.row = row
        self.columnNames = columnNames
        self.columnTypes = columnTypes
    }

    var columnCount: Int { columnNames.count }

    private var column: Int32 { Int32(currentIndex) }
    private var type: Oid { columnTypes[currentIndex] }
    private var length: Int { Int(PQgetlength(result, row, column)) }
    private var value: UnsafePointer<CChar> { UnsafePointer(PQgetvalue(result, row, column)) }

    private func checkReadable() throws {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        if PQgetisnull(result, row, column) != 0 { throw QuarryError.unexpectedNull(column: currentColumnName) }
    }

    private func mismatch(_ expected: String) -> QuarryError {
        .typeMismatch(column: currentColumnName, expected: expected, found: Self.typeName(type))
    }

    private var text: String {
        String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
    }

    private var integer: Int64? {
        switch type {
        case PostgresType.int8: value.bigEndian(Int64.self)
        case PostgresType.int4: Int64(value.bigEndian(Int32.self))
        case PostgresType.int2: Int64(value.bigEndian(Int16.self))
        case PostgresType.oid: Int64(value.bigEndian(UInt32.self))
        // sum() of bigint is numeric: an integral numeric reads as an integer.
        case PostgresType.numeric: PostgresNumeric.decimalText(value, length: length).flatMap(Int64.init)
        default: nil
        }
    }

    private var double: Double? {
        switch type {
        case PostgresType.float8: Double(bitPattern: value.bigEndian(UInt64.self))
        case PostgresType.float4: Double(Float(bitPattern: value.bigEndian(UInt32.self)))
        default: integer.map(Double.init)
        }
    }

    private var date: Date? {
        switch type {
        case PostgresType.timestamptz, PostgresType.timestamp:
            let micros = value.bigEndian(Int64.self)
            // ±infinity are Int64.max / Int64.min: no Date represents them.
            guard micros != .max, micros != .min else { return nil }
            return Date(microsecondsSince1970: micros + PostgresType.epochOffsetMicroseconds)
        case PostgresType.date:
            let days = Int64(value.bigEndian(Int32.self))
            guard days != Int64(Int32.max), days != Int64(Int32.min) else { return nil }
            return Date(microsecondsSince1970: days * 86_400_000_000 + PostgresType.epochOffsetMicroseconds)
        default:
            return nil
        }
    }

    private var uuid: UUID? {
        guard type == PostgresType.uuid, length == 16 else { return nil }
        return try? UUID(sqlValue: .blob(Array(UnsafeRawBufferPointer(start: value, count: 16))))
    }

    /// `nil` for what is not a finite number; a number `Decimal` cannot
    /// hold whole (over 38 significant digits) throws.
    private func decimal() throws -> Decimal? {
        switch type {
        case PostgresType.numeric:
            return try PostgresNumeric.decimalText(value, length: length).map(Decimal.exact)
        case PostgresType.float8, PostgresType.float4:
            return double.flatMap { Decimal(string: String($0)) }
        default:
            return integer.map { Decimal($0) }
        }
    }

    private var json: JSON? {
        switch type {
        case PostgresType.jsonb:
            guard length >= 1, value.pointee == 1 else { return nil }
            let body = String(decoding: UnsafeRawBufferPointer(start: value + 1, count: length - 1), as: UTF8.self)
            return try? JSON(parsing: body)
        case PostgresType.json:
            return try? JSON(parsing: text)
        default:
            return PostgresType.isText(type) ? try? JSON(parsing: text) : nil
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        guard PQgetisnull(result, row, column) != 0 else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try checkReadable()
        guard let integer else { throw mismatch("integer") }
        currentIndex += 1
        return integer
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        try checkReadable()
        guard let double else { throw mismatch("double") }
        currentIndex += 1
        return double
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try checkReadable()
        guard self.type == PostgresType.bool else { throw mismatch("bool") }
        defer { currentIndex += 1 }
        return value.pointee != 0
    }

    mutating func decode(_ type: String.Type) throws -> String {
        try checkReadable()
        guard PostgresType.isText(self.type) || self.type == PostgresType.json else { throw mismatch("text") }
        defer { currentIndex += 1 }
        return text
    }

    mutating func decode(_ type: [UInt8].Type) throws -> [UInt8] {
        try checkReadable()
        guard self.type == PostgresType.bytea else { throw mismatch("blob") }
        defer { currentIndex += 1 }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    mutating func decode(_ type: Date.Type) throws -> Date {
        try checkReadable()
        guard let date else { throw mismatch("date") }
        currentIndex += 1
        return date
    }

    mutating func decode(_ type: UUID.Type) throws -> UUID {
        try checkReadable()
        guard let uuid else { throw mismatch("uuid") }
        currentIndex += 1
        return uuid
    }

    mutating func decode(_ type: Decimal.Type) throws -> Decimal {
        try checkReadable()
        guard let decimal = try decimal() else { throw mismatch("decimal") }
        currentIndex += 1
        return decimal
    }

    mutating func decode(_ type: JSON.Type) throws -> JSON {
        try checkReadable()
        guard let json else { throw mismatch("json") }
        currentIndex += 1
        return json
    }

    mutating func decodeValue() throws -> SQLValue {
        if try decodeNil() { return .null }
        if type == PostgresType.void {
            // `SELECT pg_sleep(1)`, `SELECT pg_notify(…)`: functions returning void.
            currentIndex += 1
            return .null
        }
        let decoded: SQLValue
        switch type {
        case PostgresType.int8, PostgresType.int4, PostgresType.int2, PostgresType.oid:
            decoded = .int(integer!)
        case PostgresType.float8, PostgresType.float4:
            decoded = .double(double!)
        case PostgresType.bool:
            decoded = .bool(value.pointee != 0)
        case PostgresType.bytea:
            decoded = .blob(Array(UnsafeRawBufferPointer(start: value, count: length)))
        case PostgresType.timestamptz, PostgresType.timestamp, PostgresType.date:
            guard let date else { throw mismatch("a finite date") }
            decoded = .date(date)
        case PostgresType.uuid:
            guard let uuid else { throw mismatch("uuid") }
            decoded = .uuid(uuid)
        case PostgresType.numeric:
            guard let decimal = try decimal() else { throw mismatch("a finite decimal") }
            decoded = .decimal(decimal)
        case PostgresType.json, PostgresType.jsonb:
            guard let json else { throw mismatch("json") }
            decoded = .json(json)
        case let type where PostgresType.isText(type):
            decoded = .text(text)
        default:
            throw QuarryError.typeMismatch(
                column: currentColumnName, expected: "a type Quarry reads (cast it in SQL, e.g. ::text)",
                found: Self.typeName(type))
        }
        currentIndex += 1
        return decoded
    }

    static func typeName(_ type: Oid) -> String {
        switch type {
        case PostgresType.bool: "boolean"
        case PostgresType.bytea: "bytea"
        case PostgresType.int8: "bigint"
        case PostgresType.int4: "integer"
        case PostgresType.int2: "smallint"
        case PostgresType.float8: "double precision"
        case PostgresType.float4: "real"
        case PostgresType.numeric: "numeric"
        case PostgresType.timestamptz: "timestamptz"
        case PostgresType.timestamp: "timestamp"
        case PostgresType.date: "date"
        case PostgresType.uuid: "uuid"
        case PostgresType.json: "json"
        case PostgresType.jsonb: "jsonb"
        case let type where PostgresType.isText(type): "text"
        default: "type oid \(type)"
        }
    }
}
