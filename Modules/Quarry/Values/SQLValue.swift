import Foundation

/// One database value, as it travels between Swift and a driver.
///
/// Every value a query sends is an `SQLValue` bound to a placeholder; no value
/// is ever spliced into SQL text. Each case round-trips exactly on SQLite and
/// PostgreSQL (dates at microsecond precision, in UTC).
///
/// ```swift
/// let values: [SQLValue] = [.int(42), .text("Ada"), .null, .uuid(UUID())]
/// ```
public enum SQLValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer (`INTEGER` / `BIGINT`).
    case int(Int64)
    /// A double-precision float (`REAL` / `DOUBLE PRECISION`).
    case double(Double)
    /// UTF-8 text (`TEXT`).
    case text(String)
    /// Raw bytes (`BLOB` / `BYTEA`).
    case blob([UInt8])
    /// A boolean (`INTEGER` 0/1 on SQLite, `BOOLEAN` on PostgreSQL).
    case bool(Bool)
    /// A point in time, stored in UTC with microsecond precision.
    case date(Date)
    /// A UUID (16-byte `BLOB` on SQLite, `UUID` on PostgreSQL).
    case uuid(UUID)
    /// An exact decimal number (`TEXT` on SQLite, `NUMERIC` on PostgreSQL).
    case decimal(Decimal)
    /// A JSON document (`TEXT` on SQLite, `JSONB` on PostgreSQL).
    case json(JSON)

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind, used in error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .int: "integer"
        case .double: "double"
        case .text: "text"
        case .blob: "blob"
        case .bool: "bool"
        case .date: "date"
        case .uuid: "uuid"
        case .decimal: "decimal"
        case .json: "json"
        }
    }
}

extension SQLValue: CustomStringConvertible {
    /// A debugging description. Never used to build SQL.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .text(let value): String(reflecting: value)
        case .blob(let bytes): "<\(bytes.count) bytes>"
        case .bool(let value): String(value)
        case .date(let value): value.formatted(.iso8601)
        case .uuid(let value): value.uuidString
        case .decimal(let value): value.description
        case .json(let value): value.description
        }
    }
}
