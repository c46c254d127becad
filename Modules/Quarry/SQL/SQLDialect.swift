import Foundation

/// How one database spells SQL: identifier quoting, placeholders and the
/// statements the kernel issues itself.
///
/// The kernel and the query compiler ask the dialect; they never hard-code a
/// database's syntax.
///
/// ```swift
/// db.dialect.quoteIdentifier("order")   // "\"order\""
/// db.dialect.placeholder(2)             // "$2" on PostgreSQL, "?2" on SQLite
/// ```
public protocol SQLDialect: Sendable {
    /// A short lowercase name: `"sqlite"`, `"postgres"`.
    var name: String { get }
    /// The most bind parameters one statement may carry.
    var maxBindParameters: Int { get }
    /// The statement that starts a transaction on this database.
    var beginTransactionSQL: String { get }
    /// The placeholder for the bind at `index` (1-based).
    func placeholder(_ index: Int) -> String
    /// `name` quoted so that any text is taken as an identifier.
    func quoteIdentifier(_ name: String) -> String
}

extension SQLDialect {
    /// Standard SQL quoting: double quotes, an embedded quote doubled.
    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
