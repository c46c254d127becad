/// The kind of a column, independent of the database; each dialect names
/// the concrete SQL type (``SQLDialect/columnTypeSQL(_:)``).
///
/// ```swift
/// ColumnType.text(maxLength: 120)   // VARCHAR(120) on PostgreSQL, TEXT + CHECK on SQLite
/// ```
public enum ColumnType: Sendable, Hashable {
    case int64
    case int32
    case int16
    case double
    case float
    case bool
    /// Text, optionally limited to `maxLength` characters.
    case text(maxLength: Int?)
    case blob
    /// A timestamp in UTC, microsecond precision.
    case date
    case uuid
    case decimal
    case json

    /// Whether this is one of the integer kinds (auto-increment candidates).
    public var isInteger: Bool {
        switch self {
        case .int64, .int32, .int16: true
        default: false
        }
    }
}
