import CSQLite
import Foundation
import Quarry

/// The current row of a stepping SQLite statement, read column by column.
///
/// Reads are strict about storage classes, with the conversions SQLite's own
/// conventions call for: integers widen to doubles, 0/1 read as booleans,
/// ``SQLTimestamp`` text (or Unix seconds) reads as a date, 16-byte blobs or
/// canonical text as a UUID.
struct SQLiteRow: RowDecoder {
    let statement: OpaquePointer
    let columnNames: [String]
    private(set) var currentIndex: Int = 0

    init(statement: OpaquePointer, columnNames: [String]) {
        self.statement = statement
        self.columnNames = columnNames
    }

    var columnCount: Int { columnNames.count }

    private var storageClass: Int32 { sqlite3_column_type(statement, Int32(currentIndex)) }

    private var storageName: String {
        switch storageClass {
        case SQLITE_INTEGER: "integer"
        case SQLITE_FLOAT: "double"
        case SQLITE_TEXT: "text"
        case SQLITE_BLOB: "blob"
        default: "null"
        }
    }

    /// Checks the column exists and is not NULL, and names it for errors.
    /// The column's storage class, after checking it exists and is not NULL
    /// (one `sqlite3_column_type` call per value read).
    private func checkReadable() throws -> Int32 {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        let storageClass = sqlite3_column_type(statement, Int32(currentIndex))
        if storageClass == SQLITE_NULL { throw QuarryError.unexpectedNull(column: currentColumnName) }
        return storageClass
    }

    private func mismatch(_ expected: String) -> QuarryError {
        .typeMismatch(column: currentColumnName, expected: expected, found: storageName)
    }

    private var text: String {
        let count = Int(sqlite3_column_bytes(statement, Int32(currentIndex)))
        guard let pointer = sqlite3_column_text(statement, Int32(currentIndex)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's UTF-8 text in place, valid until the next step.
    private var textBytes: UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(statement, Int32(currentIndex)))
        return UnsafeBufferPointer(start: sqlite3_column_text(statement, Int32(currentIndex)), count: count)
    }

    private var bytes: [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, Int32(currentIndex)))
        guard count > 0, let pointer = sqlite3_column_blob(statement, Int32(currentIndex)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        guard storageClass == SQLITE_NULL else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let storageClass = try checkReadable()
        guard storageClass == SQLITE_INTEGER else { throw mismatch("integer") }
        defer { currentIndex += 1 }
        return sqlite3_column_int64(statement, Int32(currentIndex))
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let storageClass = try checkReadable()
        guard storageClass == SQLITE_FLOAT || storageClass == SQLITE_INTEGER else { throw mismatch("double") }
        defer { currentIndex += 1 }
        return sqlite3_column_double(statement, Int32(currentIndex))
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let storageClass = try checkReadable()
        let value = sqlite3_column_int64(statement, Int32(currentIndex))
        guard storageClass == SQLITE_INTEGER, value == 0 || value == 1 else { throw mismatch("bool") }
        currentIndex += 1
        return value == 1
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let storageClass = try checkReadable()
        guard storageClass == SQLITE_TEXT else { throw mismatch("text") }
        defer { currentIndex += 1 }
        return text
    }

    mutating func decode(_ type: [UInt8].Type) throws -> [UInt8] {
        let storageClass = try checkReadable()
        guard storageClass == SQLITE_BLOB else { throw mismatch("blob") }
        defer { currentIndex += 1 }
        return bytes
    }

    mutating func decode(_ type: Date.Type) throws -> Date {
        let storageClass = try checkReadable()
        let date: Date?
        switch storageClass {
        case SQLITE_TEXT: date = SQLTimestamp.parse(utf8: textBytes)
        case SQLITE_INTEGER, SQLITE_FLOAT:
            date = Date(timeIntervalSince1970: sqlite3_column_double(statement, Int32(currentIndex)))
        default: date = nil
        }
        guard let date else { throw mismatch("date") }
        currentIndex += 1
        return date
    }

    mutating func decode(_ type: UUID.Type) throws -> UUID {
        let storageClass = try checkReadable()
        let uuid: UUID?
        switch storageClass {
        case SQLITE_BLOB: uuid = try? UUID(sqlValue: .blob(bytes))
        case SQLITE_TEXT: uuid = UUID(uuidString: text)
        default: uuid = nil
        }
        guard let uuid else { throw mismatch("uuid") }
        currentIndex += 1
        return uuid
    }

    mutating func decode(_ type: Decimal.Type) throws -> Decimal {
        let storageClass = try checkReadable()
        let decimal: Decimal?
        switch storageClass {
        case SQLITE_TEXT:
            // Not a number: a type mismatch; more digits than Decimal keeps: invalidValue.
            decimal = try Decimal.exactIfNumber(text)
        case SQLITE_INTEGER: decimal = Decimal(sqlite3_column_int64(statement, Int32(currentIndex)))
        case SQLITE_FLOAT: decimal = Decimal(string: String(sqlite3_column_double(statement, Int32(currentIndex))))
        default: decimal = nil
        }
        guard let decimal else { throw mismatch("decimal") }
        currentIndex += 1
        return decimal
    }

    mutating func decode(_ type: JSON.Type) throws -> JSON {
        let storageClass = try checkReadable()
        guard storageClass == SQLITE_TEXT else { throw mismatch("json") }
        do {
            let json = try JSON(parsing: text)
            currentIndex += 1
            return json
        } catch {
            throw mismatch("json")
        }
    }

    mutating func decodeValue() throws -> SQLValue {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        defer { currentIndex += 1 }
        switch storageClass {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, Int32(currentIndex)))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, Int32(currentIndex)))
        case SQLITE_TEXT: return .text(text)
        case SQLITE_BLOB: return .blob(bytes)
        default: return .null
        }
    }
}
