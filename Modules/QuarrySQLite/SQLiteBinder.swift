import CSQLite
import Foundation
import Quarry

/// Binds ``SQLValue``s to a prepared SQLite statement, in SQLite's storage
/// classes: booleans as 0/1, dates as `SQLTimestamp` text, UUIDs as 16-byte
/// blobs, decimals and JSON as text.
enum SQLiteBinder {
    static func bind(_ values: [SQLValue], to stmt: OpaquePointer, sql: String) throws {
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == values.count else {
            throw QuarryError.invalidArgument(
                name: "binds", reason: "the statement has \(expected) placeholders but \(values.count) values were given")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(stmt, index)
            case .int(let int): code = sqlite3_bind_int64(stmt, index, int)
            case .double(let double) where double.isNaN:
                // SQLite would store NULL; PostgreSQL refuses the same value.
                throw QuarryError.invalidValue("bind #\(index): NaN is not a number either database stores")
            case .double(let double): code = sqlite3_bind_double(stmt, index, double)
            case .bool(let bool): code = sqlite3_bind_int64(stmt, index, bool ? 1 : 0)
            case .text(let text): code = try bindText(text, stmt, index)
            case .blob(let bytes): code = bindBlob(bytes, stmt, index)
            case .date(let date):
                code = try bindText(SQLTimestamp.format(microsecondsSince1970: try date.storableMicrosecondsSince1970()), stmt, index)
            case .uuid(let uuid):
                code = withUnsafeBytes(of: uuid.uuid) { raw in
                    sqlite3_bind_blob(stmt, index, raw.baseAddress, 16, quarry_sqlite_transient)
                }
            case .decimal(let decimal): code = try bindText(decimal.description, stmt, index)
            case .json(let json): code = try bindText(try json.storedText(), stmt, index)
            }
            guard code == SQLITE_OK else {
                throw QuarryError.invalidValue("SQLite refused bind #\(index) (\(value.kindName)), code \(code), in: \(sql)")
            }
        }
    }

    /// Text with a NUL is refused, as PostgreSQL refuses it: one behaviour
    /// on both databases (a lookup for it would match nothing there).
    private static func bindText(_ text: String, _ stmt: OpaquePointer, _ index: Int32) throws -> Int32 {
        var text = text
        return try text.withUTF8 { utf8 in
            try utf8.withMemoryRebound(to: CChar.self) { chars in
                // An empty buffer may have no address: still bind "", not NULL.
                guard let base = chars.baseAddress else {
                    return sqlite3_bind_text64(stmt, index, "", 0, quarry_sqlite_transient, UInt8(SQLITE_UTF8))
                }
                guard memchr(base, 0, chars.count) == nil else {
                    throw QuarryError.invalidValue("bind #\(index): text cannot contain a NUL character")
                }
                return sqlite3_bind_text64(
                    stmt, index, base, sqlite3_uint64(chars.count), quarry_sqlite_transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func bindBlob(_ bytes: [UInt8], _ stmt: OpaquePointer, _ index: Int32) -> Int32 {
        if bytes.isEmpty { return sqlite3_bind_zeroblob(stmt, index, 0) }
        return bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob64(stmt, index, raw.baseAddress, sqlite3_uint64(raw.count), quarry_sqlite_transient)
        }
    }
}
