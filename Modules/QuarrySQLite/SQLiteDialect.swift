import Foundation
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

    /// Each kind's own name, chosen so the column keeps the affinity its
    /// values need and introspection reads the kind back: `INTEGER`,
    /// `BOOLEAN`, `REAL`, `FLOAT`, `TEXT`, `BLOB`, `TIMESTAMP`, `UUID`, and
    /// `DECIMAL TEXT` and `JSON TEXT` — a name with `TEXT` in it keeps TEXT
    /// affinity, so `"1.50"` stays that text (a plain `DECIMAL` column
    /// would store it as the float 1.5). The other names have NUMERIC
    /// affinity, which leaves the values Quarry writes as they are: integer
    /// booleans, blob UUIDs and timestamps as text that is no number.
    /// Integers of every width are `INTEGER`, so an integer primary key
    /// stays the table's rowid.
    ///
    /// ```swift
    /// SQLiteDialect().columnTypeSQL(.date)      // "TIMESTAMP"
    /// SQLiteDialect().columnTypeSQL(.decimal)   // "DECIMAL TEXT"
    /// ```
    public func columnTypeSQL(_ type: ColumnType) -> String {
        switch type {
        case .int64, .int32, .int16: "INTEGER"
        case .bool: "BOOLEAN"
        case .double: "REAL"
        case .float: "FLOAT"
        case .text: "TEXT"
        case .blob: "BLOB"
        case .date: "TIMESTAMP"
        case .uuid: "UUID"
        case .decimal: "DECIMAL TEXT"
        case .json: "JSON TEXT"
        }
    }

    /// SQLite's storage classes: what a value of `type` is kept as, and so
    /// what a `CAST` names (tables made before Quarry declared each kind by
    /// its own name were declared with these).
    ///
    /// ```swift
    /// SQLiteDialect().storageTypeSQL(.bool)   // "INTEGER"
    /// ```
    public func storageTypeSQL(_ type: ColumnType) -> String {
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

    /// `SQLTimestamp`'s format: `%f` gives milliseconds, padded to microseconds.
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

extension SQLiteDialect {
    /// `true`: `UPDATE … RETURNING` opens a temporary table for the rows it
    /// returns, which costs more than reading one row back by its key (about
    /// 19,000 instructions per update, measured with callgrind on a
    /// seven-column table).
    public var prefersReadBack: Bool { true }

    /// What SQLite hands back for a value written to a column of `type`:
    /// the same value — dates at microseconds, `-0.0` as `0.0` — where the
    /// column's affinity keeps the value's storage class; `nil` for decimals
    /// and JSON (their text is read back through a parse) and for a value
    /// the affinity would convert.
    public func storedValue(_ value: SQLValue, as type: ColumnType) -> SQLValue? {
        switch (value, type) {
        case (.null, _):
            return .null
        case (.int, .int64), (.int, .int32), (.int, .int16), (.int, .bool),
            (.bool, .bool), (.bool, .int64), (.bool, .int32), (.bool, .int16),
            (.text, .text), (.blob, .blob), (.uuid, .uuid):
            return value
        case (.double(let double), .double), (.double(let double), .float):
            guard !double.isNaN else { return nil }
            // SQLite stores an integral real as an integer: the sign of a zero is lost.
            return .double(double == 0 ? 0 : double)
        case (.date(let date), .date):
            guard let micros = try? date.storableMicrosecondsSince1970() else { return nil }
            return .date(Date(microsecondsSince1970: micros))
        default:
            return nil
        }
    }
}
