/// What one finished statement did, as a ``StatementObserver`` sees it.
///
/// It carries the SQL text with its placeholders and the number of binds,
/// never the bind values: those may hold secrets.
///
/// ```swift
/// final class Printer: StatementObserver {
///     func statementDidFinish(_ event: StatementEvent) {
///         print(event.sql, event.duration, event.rowsReturned)
///     }
/// }
/// ```
public struct StatementEvent: Sendable {
    /// The SQL text in the database's dialect, placeholders in place of values.
    public var sql: String
    /// How many values were bound.
    public var bindCount: Int
    /// Whether Quarry knew the statement only reads (`nil`: not known).
    public var isReadOnly: Bool?
    /// The dialect's name (`"sqlite"`, `"postgresql"`).
    public var dialect: String
    /// From sending the statement to its last row (a stream: its whole life).
    public var duration: Duration
    /// Rows handed back to the caller.
    public var rowsReturned: Int
    /// Rows the database reports as changed (inserted, updated, deleted).
    public var rowsChanged: Int
    /// The error the statement failed with, or `nil` when it succeeded.
    public var error: (any Error)?
    /// The database it ran against (system, database, server, port).
    public var endpoint: DatabaseEndpoint?

    /// Creates an event (drivers and tests; Quarry makes them for you).
    public init(
        sql: String, bindCount: Int = 0, isReadOnly: Bool? = nil, dialect: String, duration: Duration,
        rowsReturned: Int = 0, rowsChanged: Int = 0, error: (any Error)? = nil, endpoint: DatabaseEndpoint? = nil
    ) {
        self.sql = sql
        self.bindCount = bindCount
        self.isReadOnly = isReadOnly
        self.dialect = dialect
        self.duration = duration
        self.rowsReturned = rowsReturned
        self.rowsChanged = rowsChanged
        self.error = error
        self.endpoint = endpoint
    }
}

/// Receives every statement a ``Database`` (with its sessions and
/// transactions) runs, once it finished: the seam that query monitoring,
/// N+1 detection and users' own instrumentation plug into.
///
/// `statementDidFinish(_:)` runs on the task that ran the statement, right
/// after it: keep it short and never block in it.
///
/// ```swift
/// final class SlowLog: StatementObserver {
///     func statementDidFinish(_ event: StatementEvent) {
///         if event.duration > .milliseconds(100) { print("slow:", event.sql) }
///     }
/// }
/// db.observers.add(SlowLog())                       // every statement of db
/// try await StatementObservation.observing(SlowLog()) {   // only this task's
///     try await Author.query.all(on: db)
/// }
/// ```
public protocol StatementObserver: AnyObject, Sendable {
    /// Called once per statement, after it succeeded or failed.
    func statementDidFinish(_ event: StatementEvent)
}
