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
}
