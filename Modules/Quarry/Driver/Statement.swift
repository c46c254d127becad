/// A statement as a driver receives it: SQL text already in the driver's
/// dialect, and the values for its placeholders.
public struct Statement: Sendable, Hashable {
    /// The SQL text, with the dialect's placeholders.
    public var sql: String
    /// One value per placeholder, in order.
    public var binds: [SQLValue]
    /// Whether cancelling the task interrupts this statement. Quarry's own
    /// `COMMIT`, `ROLLBACK` and `RELEASE` are not cancellable: they restore a
    /// clean state after a cancellation.
    public var isCancellable: Bool
    /// Whether the statement only reads, when the caller knows (`nil`: the
    /// driver finds out). The SQLite driver sends known reads to a reader
    /// connection and known writes to the writer without asking SQLite.
    public var isReadOnly: Bool?
    /// For an `INSERT` without `RETURNING`: the row it stores, which the
    /// driver decodes and hands to the body once the statement changed one
    /// row (see ``WrittenRow``). Only a driver whose dialect answers
    /// ``SQLDialect/storedValue(_:as:)`` receives one.
    public var writtenRow: WrittenRow?
    /// For a single-row `… RETURNING` write: the same write without
    /// `RETURNING` and a read of the row by key, which a driver may run
    /// instead where nothing can change the row in between (see
    /// ``ReadBack``). Only a driver whose dialect answers
    /// ``SQLDialect/prefersReadBack`` receives one.
    public var readBack: ReadBack?

    /// Creates a statement.
    public init(
        sql: String, binds: [SQLValue] = [], isCancellable: Bool = true, isReadOnly: Bool? = nil,
        writtenRow: WrittenRow? = nil, readBack: ReadBack? = nil
    ) {
        self.sql = sql
        self.binds = binds
        self.isCancellable = isCancellable
        self.isReadOnly = isReadOnly
        self.writtenRow = writtenRow
        self.readBack = readBack
    }
}
