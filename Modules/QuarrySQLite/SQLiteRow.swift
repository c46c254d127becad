import CSQLite
import Foundation
import Quarry

/// The current row of a stepping SQLite statement, read column by column.
///
/// Reads are strict about storage classes, with the conversions SQLite's own
/// conventions call for: integers widen to doubles, 0/1 read as booleans,
/// `SQLTimestamp` text (or Unix seconds) reads as a date, 16-byte blobs or
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

    /// The current column's value, read in place: one call into SQLite per
    /// column (its type and contents are then read from the value, not by
    /// index again). The value lives until the next step; the connection is
    /// used by one task at a time, so reading it unprotected is safe.
    private func columnValue() throws -> OpaquePointer {
        guard currentIndex < columnCount else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(columnCount) columns")
        }
        return sqlite3_column_value(statement, Int32(currentIndex))
    }

    /// The current column's value and storage class, after checking it
    /// exists and is not NULL.
    private func readable() throws -> (value: OpaquePointer, storageClass: Int32) {
        let value = try columnValue()
        let storageClass = sqlite3_value_type(value)
        if storageClass == SQLITE_NULL { throw QuarryError.unexpectedNull(column: currentColumnName) }
        return (value, storageClass)
    }

    private func mismatch(_ expected: String, found storageClass: Int32) -> QuarryError {
        let found = switch storageClass {
        case SQLITE_INTEGER: "integer"
        case SQLITE_FLOAT: "double"
        case SQLITE_TEXT: "text"
        case SQLITE_BLOB: "blob"
        default: "null"
        }
        return .typeMismatch(column: currentColumnName, expected: expected, found: found)
    }

    /// The value's UTF-8 text in place, valid until the next step (the text
    /// is read before its length, as SQLite asks).
    private func textBytes(_ value: OpaquePointer) -> UnsafeBufferPointer<UInt8> {
        let pointer = sqlite3_value_text(value)
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(value)))
    }

    private func text(_ value: OpaquePointer) -> String {
        String(decoding: textBytes(value), as: UTF8.self)
    }

    private func bytes(_ value: OpaquePointer) -> [UInt8] {
        guard let pointer = sqlite3_value_blob(value) else { return [] }
        let count = Int(sqlite3_value_bytes(value))
        return count > 0 ? Array(UnsafeRawBufferPointer(start: pointer, count: count)) : []
    }

    mutating func decodeNil() throws -> Bool {
        guard sqlite3_value_type(try columnValue()) == SQLITE_NULL else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let (value, storageClass) = try readable()
        guard storageClass == SQLITE_INTEGER else { throw mismatch("integer", found: storageClass) }
        currentIndex += 1
        return sqlite3_value_int64(value)
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let (value, storageClass) = try readable()
        guard storageClass == SQLITE_FLOAT || storageClass == SQLITE_INTEGER else {
            throw mismatch("double", found: storageClass)
        }
        currentIndex += 1
        return sqlite3_value_double(value)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let (value, storageClass) = try readable()
        let integer = sqlite3_value_int64(value)
        guard storageClass == SQLITE_INTEGER, integer == 0 || integer == 1 else { throw mismatch("bool", found: storageClass) }
        currentIndex += 1
        return integer == 1
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let (value, storageClass) = try readable()
        guard storageClass == SQLITE_TEXT else { throw mismatch("text", found: storageClass) }
        currentIndex += 1
        return text(value)
    }

    mutating func decode(_ type: [UInt8].Type) throws -> [UInt8] {
        let (value, storageClass) = try readable()
        guard storageClass == SQLITE_BLOB else { throw mismatch("blob", found: storageClass) }
        currentIndex += 1
        return bytes(value)
    }

    mutating func decode(_ type: Date.Type) throws -> Date {
        let (value, storageClass) = try readable()
        let date: Date?
        switch storageClass {
        case SQLITE_TEXT: date = SQLTimestamp.parse(utf8: textBytes(value))
        case SQLITE_INTEGER, SQLITE_FLOAT: date = Date(timeIntervalSince1970: sqlite3_value_double(value))
        default: date = nil
        }
        guard let date else { throw mismatch("date", found: storageClass) }
        currentIndex += 1
        return date
    }

    mutating func decode(_ type: UUID.Type) throws -> UUID {
        let (value, storageClass) = try readable()
        let uuid: UUID?
        switch storageClass {
        case SQLITE_BLOB: uuid = try? UUID(sqlValue: .blob(bytes(value)))
        case SQLITE_TEXT: uuid = UUID(uuidString: text(value))
        default: uuid = nil
        }
        guard let uuid else { throw mismatch("uuid", found: storageClass) }
        currentIndex += 1
        return uuid
    }

    mutating func decode(_ type: Decimal.Type) throws -> Decimal {
        let (value, storageClass) = try readable()
        let decimal: Decimal?
        switch storageClass {
        case SQLITE_TEXT:
            // Not a number: a type mismatch; more digits than Decimal keeps: invalidValue.
            decimal = try Decimal.exactIfNumber(text(value))
        case SQLITE_INTEGER: decimal = Decimal(sqlite3_value_int64(value))
        case SQLITE_FLOAT: decimal = Decimal(string: String(sqlite3_value_double(value)))
        default: decimal = nil
        }
        guard let decimal else { throw mismatch("decimal", found: storageClass) }
        currentIndex += 1
        return decimal
    }

    mutating func decode(_ type: JSON.Type) throws -> JSON {
        let (value, storageClass) = try readable()
        guard storageClass == SQLITE_TEXT else { throw mismatch("json", found: storageClass) }
        do {
            let json = try JSON(parsing: text(value))
            currentIndex += 1
            return json
        } catch {
            throw mismatch("json", found: storageClass)
        }
    }

    mutating func decodeValue() throws -> SQLValue {
        let value = try columnValue()
        currentIndex += 1
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return .int(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .double(sqlite3_value_double(value))
        case SQLITE_TEXT: return .text(text(value))
        case SQLITE_BLOB: return .blob(bytes(value))
        default: return .null
        }
    }
}
