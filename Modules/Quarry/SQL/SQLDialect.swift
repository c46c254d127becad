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

    /// The SQL type a column of `type` is declared with: the name schema
    /// introspection reads back as `type`.
    func columnTypeSQL(_ type: ColumnType) -> String
    /// The type a `CAST` to `type` names: the type the database stores such
    /// a value as. The column type (the default) where the database has one
    /// per ``ColumnType``; on SQLite the storage class (`TEXT` for a date),
    /// since a cast to a declared name such as `TIMESTAMP` converts by that
    /// name's affinity (`CAST('2026-12-07 …' AS TIMESTAMP)` is `2026`).
    ///
    /// ```swift
    /// SQLiteDialect().storageTypeSQL(.date)   // "TEXT"; columnTypeSQL(.date) is "TIMESTAMP"
    /// ```
    func storageTypeSQL(_ type: ColumnType) -> String
    /// The type and constraints of an auto-increment integer primary key.
    func autoIncrementPrimaryKeySQL(_ type: ColumnType) -> String
    /// Whether `columnTypeSQL(.text(maxLength:))` enforces the length; when
    /// it does not, the table gets a `CHECK` constraint.
    var enforcesTextLength: Bool { get }
    /// The default expression for "the time of the insert", in the format
    /// this dialect stores dates in.
    var currentTimestampSQL: String { get }
    /// A boolean constant.
    func booleanLiteral(_ value: Bool) -> String
    /// `value LIKE pattern`, case-sensitive or ignoring ASCII case, with the
    /// same meaning on every dialect.
    func like(_ value: SQL, _ pattern: SQL, caseInsensitive: Bool) -> SQL
    /// A component of a date, as an integer, in UTC.
    func datePart(_ part: DatePart, of date: SQL) -> SQL
    /// The value at `path` of the JSON `document`, read as `kind`.
    func jsonExtract(_ document: SQL, path: [String], as kind: JSONValueKind) -> SQL
    /// `path` exists in the JSON `document`.
    func jsonExists(_ document: SQL, path: [String]) -> SQL
    /// The value at `path` of the JSON `document` contains `value` (`@>`).
    func jsonContains(_ document: SQL, path: [String], _ value: JSON) -> SQL
    /// A full-text match, rank (higher is better) or highlight.
    func fullText(_ search: FullTextSearch) -> SQL
    /// What `createTables` runs to make a table searchable.
    func fullTextSetup(table: String, key: String, columns: [String], language: String) -> [SQL]
    /// What undoes ``fullTextSetup(table:key:columns:language:)``.
    func fullTextTeardown(table: String) -> [SQL]
    /// The statement that sets the run-time setting `name` to `value` until
    /// the transaction ends, both as binds; `nil` where the database has no
    /// such settings (``Transaction/setLocal(_:to:)``, ``LocalSettings``).
    func setLocal(_ name: String, to value: String) -> SQL?
    /// The DDL that limits `table`'s rows — read and written — to those whose
    /// `column` equals the transaction's run-time `setting` (none while it is
    /// unset or empty), enforced for the table's owner too; `nil` where the
    /// database has no row-level security. `setting` is a checked
    /// `prefix.name` (``QueryExecutor/enableRowSecurity(on:column:matching:policy:)``).
    func rowSecurity(table: String, column: String, setting: String, policy: String) -> [SQL]?
    /// What undoes ``rowSecurity(table:column:setting:policy:)``.
    func dropRowSecurity(table: String, policy: String) -> [SQL]?
    /// `lhs op rhs` (`op` is `+`, `-` or `*`) of integers: exact, or an
    /// error when the result leaves the 64-bit range — as PostgreSQL's
    /// integers are; SQLite's would become a float.
    func integerArithmetic(_ op: String, _ lhs: SQL, _ rhs: SQL) -> SQL
    /// The longest identifier, in bytes, the database keeps whole (longer
    /// ones it truncates); `Int.max` where there is no limit.
    var maxIdentifierLength: Int { get }
    /// A query for the index named `name` in the current schema: one row of
    /// its table's name, whether it is unique (1/0 or a boolean) and its
    /// columns joined by commas, or no row.
    func indexLookup(named name: String) -> SQL
    /// What a read of `value`, written to a column of `type`, returns — when
    /// the dialect can say so without asking the database; `nil` where it
    /// cannot (the default). A dialect that answers lets a single-row insert
    /// whose only database-filled column is its integer key skip `RETURNING`
    /// (its driver then honours ``Statement/writtenRow``).
    ///
    /// ```swift
    /// SQLiteDialect().storedValue(.double(-0.0), as: .double)   // .double(0.0)
    /// PostgresDialect().storedValue(.int(1), as: .int64)         // nil: RETURNING
    /// ```
    func storedValue(_ value: SQLValue, as type: ColumnType) -> SQLValue?
    /// Whether a single-row write by key followed by a read of the row by
    /// key costs less than the write with `RETURNING` (`false`, the
    /// default): SQLite's `RETURNING` opens a temporary table for the rows
    /// it returns. Where `true`, the statement compiler attaches a
    /// ``ReadBack`` to a model's update, and the dialect's driver runs it
    /// where nothing can change the row between the two statements.
    ///
    /// ```swift
    /// SQLiteDialect().prefersReadBack     // true
    /// PostgresDialect().prefersReadBack   // false: RETURNING is one round trip
    /// ```
    var prefersReadBack: Bool { get }
}

extension SQLDialect {
    public var maxIdentifierLength: Int { .max }
    public func storageTypeSQL(_ type: ColumnType) -> String { columnTypeSQL(type) }
    public func storedValue(_ value: SQLValue, as type: ColumnType) -> SQLValue? { nil }
    public var prefersReadBack: Bool { false }
    public func setLocal(_ name: String, to value: String) -> SQL? { nil }
    public func rowSecurity(table: String, column: String, setting: String, policy: String) -> [SQL]? { nil }
    public func dropRowSecurity(table: String, policy: String) -> [SQL]? { nil }

    public func integerArithmetic(_ op: String, _ lhs: SQL, _ rhs: SQL) -> SQL {
        "(" + lhs + SQL(stringLiteral: " \(op) ") + rhs + ")"
    }
}

extension SQLDialect {
    /// Standard SQL quoting: double quotes, an embedded quote doubled.
    public func quoteIdentifier(_ name: String) -> String {
        // Runs for every identifier of every statement: no Foundation, one allocation.
        var quoted = String()
        quoted.reserveCapacity(name.utf8.count + 2)
        quoted.append("\"")
        if name.utf8.contains(UInt8(ascii: "\"")) {
            for character in name {
                quoted.append(character)
                if character == "\"" { quoted.append("\"") }
            }
        } else {
            quoted.append(name)
        }
        quoted.append("\"")
        return quoted
    }
}

extension SQLDialect {
    /// A constant for a `DEFAULT` clause: the one place a value is written
    /// into SQL text, for values declared in code (a model's defaults),
    /// never for user input.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a kind
    ///   without a portable spelling (blob, date, uuid, decimal, JSON) or
    ///   text containing NUL.
    public func literal(_ value: SQLValue) throws -> String {
        switch value {
        case .null: return "NULL"
        case .int(let int): return String(int)
        case .double(let double) where double.isFinite: return "\(double)"
        case .bool(let bool): return booleanLiteral(bool)
        case .text(let text) where !text.contains("\0"):
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default:
            throw QuarryError.invalidArgument(
                name: "default", reason: "a \(value.kindName) constant has no portable SQL spelling; use a Swift initial value")
        }
    }
}
