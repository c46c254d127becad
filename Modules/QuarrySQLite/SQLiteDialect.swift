import Quarry

/// SQLite's spelling of SQL: `?NNN` placeholders, `BEGIN IMMEDIATE` (the
/// write lock is taken up front, so a transaction never fails to upgrade).
///
/// ```swift
/// SQLiteDialect().placeholder(3)   // "?3"
/// ```
public struct SQLiteDialect: SQLDialect {
    public init() {}
    public var name: String { "sqlite" }
    /// SQLite's default `SQLITE_MAX_VARIABLE_NUMBER` since 3.32.
    public var maxBindParameters: Int { 32_766 }
    public var beginTransactionSQL: String { "BEGIN IMMEDIATE" }
    public func placeholder(_ index: Int) -> String { "?\(index)" }

    public func columnTypeSQL(_ type: ColumnType) -> String {
        switch type {
        case .int64, .int32, .int16, .bool: "INTEGER"
        case .double, .float: "REAL"
        case .text, .date, .decimal, .json: "TEXT"
        case .blob, .uuid: "BLOB"
        }
    }

    /// `AUTOINCREMENT` keeps keys of deleted rows from coming back.
    public func autoIncrementPrimaryKeySQL(_ type: ColumnType) -> String { "INTEGER PRIMARY KEY AUTOINCREMENT" }

    /// SQLite's `TEXT` has no length: tables get a `CHECK`.
    public var enforcesTextLength: Bool { false }

    /// ``SQLTimestamp``'s format: `%f` gives milliseconds, padded to microseconds.
    public var currentTimestampSQL: String { "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000')" }

    public func booleanLiteral(_ value: Bool) -> String { value ? "1" : "0" }

    /// Connections run with `PRAGMA case_sensitive_like = ON`, so `LIKE` is
    /// case-sensitive as on PostgreSQL; the insensitive form lowers both sides.
    public func like(_ value: SQL, _ pattern: SQL, caseInsensitive: Bool) -> SQL {
        caseInsensitive ? "lower(" + value + ") LIKE lower(" + pattern + ")" : value + " LIKE " + pattern
    }

    public func datePart(_ part: DatePart, of date: SQL) -> SQL {
        let format = switch part {
        case .year: "%Y"
        case .month: "%m"
        case .day: "%d"
        case .hour: "%H"
        case .minute: "%M"
        case .second: "%S"
        }
        return "CAST(strftime('\(unsafeRaw: format)', " + date + ") AS INTEGER)"
    }
}
