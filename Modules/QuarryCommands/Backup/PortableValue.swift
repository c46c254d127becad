import Foundation
import Quarry

/// A column value in a backup: what either driver reads, written in one
/// form per column type, and read back into the value the target driver
/// binds (SQLite keeps dates as text and UUIDs as 16-byte blobs; PostgreSQL
/// has types of its own for both).
enum PortableValue {
    static func encode(_ value: SQLValue, as type: ColumnType) -> JSON {
        switch (value, type) {
        case (.null, _): return .null
        case (.int(let number), .bool): return .bool(number != 0)
        case (.bool(let flag), _): return .bool(flag)
        case (.int(let number), .double), (.int(let number), .float): return .double(Double(number))
        case (.int(let number), _): return .int(number)
        case (.double(let number), _): return .double(number)
        case (.date(let date), _): return .string(SQLTimestamp.format(date))
        case (.text(let text), .date): return .string(SQLTimestamp.parse(text).map(SQLTimestamp.format) ?? text)
        case (.uuid(let uuid), _): return .string(uuid.uuidString.lowercased())
        case (.blob(let bytes), .uuid) where bytes.count == 16:
            return (try? UUID(sqlValue: value)).map { .string($0.uuidString.lowercased()) } ?? .string(Data(bytes).base64EncodedString())
        case (.blob(let bytes), _): return .string(Data(bytes).base64EncodedString())
        case (.decimal(let decimal), _): return .string(decimal.description)
        case (.json(let json), _): return json
        case (.text(let text), .json): return (try? JSONDecoder().decode(JSON.self, from: Data(text.utf8))) ?? .string(text)
        case (.text(let text), _): return .string(text)
        }
    }

    /// A type's name in a backup's header.
    static func name(_ type: ColumnType) -> String {
        switch type {
        case .int64, .int32, .int16: "integer"
        case .double, .float: "double"
        case .bool: "bool"
        case .text: "text"
        case .blob: "blob"
        case .date: "date"
        case .uuid: "uuid"
        case .decimal: "decimal"
        case .json: "json"
        }
    }

    /// The type values are read as: the target column's when it has a
    /// meaning of its own (PostgreSQL's uuid, timestamp, …), else the
    /// source's (SQLite keeps a uuid in a BLOB, a date in TEXT).
    static func readingType(source: String?, target: ColumnType) -> ColumnType {
        switch target {
        case .uuid, .date, .decimal, .json, .bool: return target
        default: break
        }
        switch source {
        case "uuid": return .uuid
        case "date": return .date
        case "decimal": return .decimal
        case "json": return .json
        case "bool": return .bool
        default: return target
        }
    }

    static func decode(_ value: JSON, as type: ColumnType) -> SQLValue? {
        if value == .null { return .null }
        switch (value, type) {
        case (.int(let number), .int64), (.int(let number), .int32), (.int(let number), .int16): return .int(number)
        case (.int(let number), .double), (.int(let number), .float): return .double(Double(number))
        case (.double(let number), .double), (.double(let number), .float): return .double(number)
        case (.bool(let flag), .bool): return .bool(flag)
        case (.int(let number), .bool): return .bool(number != 0)
        case (.string(let text), .text): return .text(text)
        case (.string(let text), .date): return SQLTimestamp.parse(text).map(SQLValue.date)
        case (.string(let text), .uuid):
            if let uuid = UUID(uuidString: text) { return .uuid(uuid) }
            // From SQLite read without the models: the 16 bytes, in base64.
            return Data(base64Encoded: text).flatMap { try? UUID(sqlValue: .blob(Array($0))) }.map(SQLValue.uuid)
        case (.string(let text), .decimal): return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map(SQLValue.decimal)
        case (.int(let number), .decimal): return .decimal(Decimal(number))
        case (.double(let number), .decimal): return .decimal(Decimal(number))
        case (.string(let text), .blob): return Data(base64Encoded: text).map { .blob(Array($0)) }
        case (_, .json): return .json(value)
        default: return nil
        }
    }
}
