/// What a database said when it rejected a statement.
///
/// ```swift
/// catch let error as QuarryError {
///     if let info = error.databaseInfo { logger.error("\(info.code) \(info.message)") }
/// }
/// ```
public struct DatabaseErrorInfo: Sendable, Hashable, CustomStringConvertible {
    /// The database's own message.
    public var message: String
    /// PostgreSQL's five-character SQLSTATE (`"23505"`), or `nil` on SQLite.
    public var sqlState: String?
    /// SQLite's extended result code (`2067` for `SQLITE_CONSTRAINT_UNIQUE`),
    /// or `nil` on PostgreSQL.
    public var sqliteExtendedCode: Int32?
    /// The violated constraint's name. PostgreSQL reports the name; SQLite
    /// reports `table.column` for unique and not-null violations and the
    /// constraint name for named checks.
    public var constraint: String?
    /// The table involved, when the database reports it.
    public var table: String?
    /// The column involved, when the database reports it.
    public var column: String?
    /// The SQL text that failed, without bind values.
    public var sql: String?

    /// Creates error details; drivers fill in what their database reports.
    public init(
        message: String, sqlState: String? = nil, sqliteExtendedCode: Int32? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil, sql: String? = nil
    ) {
        self.message = message
        self.sqlState = sqlState
        self.sqliteExtendedCode = sqliteExtendedCode
        self.constraint = constraint
        self.table = table
        self.column = column
        self.sql = sql
    }

    /// The code as text: the SQLSTATE or `SQLITE(<extended code>)`.
    public var code: String {
        if let sqlState { return sqlState }
        if let sqliteExtendedCode { return "SQLITE(\(sqliteExtendedCode))" }
        return "unknown"
    }

    public var description: String {
        var text = "[\(code)] \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let sql {
            // Long generated statements (IN lists of thousands of binds) are cut.
            text += sql.count > 500 ? " — SQL: \(sql.prefix(500))… (\(sql.count) characters)" : " — SQL: \(sql)"
        }
        return text
    }
}
