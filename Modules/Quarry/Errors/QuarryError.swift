/// The one error type Quarry throws: cases a caller can switch over, each
/// carrying what is needed to act on it.
///
/// Database-reported failures carry a ``DatabaseErrorInfo`` with the
/// constraint name, the SQLSTATE (PostgreSQL) or extended result code
/// (SQLite), and the SQL text — never the bound values.
///
/// ```swift
/// do {
///     try await db.execute("INSERT INTO users (email) VALUES (\(email))")
/// } catch QuarryError.uniqueViolation(let info) {
///     print("taken:", info.constraint ?? "?")
/// }
/// ```
public enum QuarryError: Error, Sendable {
    /// A `UNIQUE` or primary-key constraint rejected the row.
    case uniqueViolation(DatabaseErrorInfo)
    /// A foreign-key constraint rejected the change.
    case foreignKeyViolation(DatabaseErrorInfo)
    /// A `NOT NULL` column received `NULL`.
    case notNullViolation(DatabaseErrorInfo)
    /// A `CHECK` constraint rejected the row.
    case checkViolation(DatabaseErrorInfo)
    /// A serializable transaction could not be serialised; retry it.
    case serializationFailure(DatabaseErrorInfo)
    /// The database broke a deadlock by aborting this transaction; retry it.
    case deadlock(DatabaseErrorInfo)
    /// The SQL text is malformed.
    case syntax(DatabaseErrorInfo)
    /// A statement or lock timeout expired (PostgreSQL `statement_timeout`,
    /// SQLite's busy timeout).
    case timeout(DatabaseErrorInfo)
    /// The connection broke while in use; the pool discards it.
    case connectionLost(DatabaseErrorInfo)
    /// A connection could not be opened.
    case connectionFailed(DatabaseErrorInfo)
    /// The task was cancelled; the running statement, if any, was interrupted.
    /// `sql` is the statement that was running or about to run.
    case cancelled(sql: String?)
    /// No pooled connection became free within the checkout timeout.
    case poolExhausted(maxConnections: Int, waited: Duration)
    /// The database was closed; no more connections are handed out.
    case poolClosed
    /// Any other error the database reported.
    case database(DatabaseErrorInfo)
    /// A connection string or URL could not be parsed; the message names the
    /// problem and never contains the password.
    case invalidConnectionString(String)
    /// A value could not be stored or read (for example text with a NUL byte
    /// on PostgreSQL, or malformed JSON).
    case invalidValue(String)
    /// A non-optional value was decoded from a `NULL` column.
    case unexpectedNull(column: String)
    /// A column holds a value of another kind than the one requested.
    case typeMismatch(column: String, expected: String, found: String)
    /// An argument of a Quarry API was rejected; `name` is the argument.
    case invalidArgument(name: String, reason: String)
    /// An API was used outside its contract (for example a session used
    /// after its closure returned).
    case misuse(String)
    /// No row of `table` has the primary key `key`.
    case notFound(table: String, key: String)
    /// An update of a versioned row (optimistic locking) lost a race: the
    /// row was changed since it was loaded and now has `currentVersion`.
    /// Nothing was written; reload and retry.
    case staleObject(table: String, key: String, currentVersion: Int64)

    /// The database details, for cases reported by the database.
    public var databaseInfo: DatabaseErrorInfo? {
        switch self {
        case .uniqueViolation(let info), .foreignKeyViolation(let info), .notNullViolation(let info),
            .checkViolation(let info), .serializationFailure(let info), .deadlock(let info),
            .syntax(let info), .timeout(let info), .connectionLost(let info),
            .connectionFailed(let info), .database(let info):
            info
        default:
            nil
        }
    }

    /// The name of the violated constraint, when the database reports one.
    public var constraint: String? { databaseInfo?.constraint }

    /// Whether a caller may reasonably retry the whole unit of work.
    public var isTransient: Bool {
        switch self {
        case .serializationFailure, .deadlock, .connectionLost, .poolExhausted, .timeout: true
        default: false
        }
    }
}

extension QuarryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .uniqueViolation(let info): "unique violation: \(info)"
        case .foreignKeyViolation(let info): "foreign key violation: \(info)"
        case .notNullViolation(let info): "not-null violation: \(info)"
        case .checkViolation(let info): "check violation: \(info)"
        case .serializationFailure(let info): "serialization failure: \(info)"
        case .deadlock(let info): "deadlock: \(info)"
        case .syntax(let info): "syntax error: \(info)"
        case .timeout(let info): "timeout: \(info)"
        case .connectionLost(let info): "connection lost: \(info)"
        case .connectionFailed(let info): "connection failed: \(info)"
        case .cancelled(let sql): "cancelled" + (sql.map { " while running: \($0)" } ?? "")
        case .poolExhausted(let max, let waited):
            "pool exhausted: all \(max) connections stayed busy for \(waited)"
        case .poolClosed: "the database is closed"
        case .database(let info): "database error: \(info)"
        case .invalidConnectionString(let message): "invalid connection string: \(message)"
        case .invalidValue(let message): "invalid value: \(message)"
        case .unexpectedNull(let column): "column \(column) is NULL but the requested type is not optional"
        case .typeMismatch(let column, let expected, let found):
            "column \(column) holds \(found), expected \(expected)"
        case .invalidArgument(let name, let reason): "invalid argument \(name): \(reason)"
        case .misuse(let message): "misuse: \(message)"
        case .notFound(let table, let key): "no row of \(table) has the key \(key)"
        case .staleObject(let table, let key, let version):
            "the \(table) row \(key) changed since it was loaded (now version \(version)); nothing was written"
        }
    }
}
