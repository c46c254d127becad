/// A single-row write whose returned row a driver may read back instead of
/// asking for it with `RETURNING` (``Statement/readBack``): the same write
/// without `RETURNING`, then a read of the row by its key.
///
/// The statement compiler attaches one to a model's update by key where the
/// dialect finds this cheaper (``SQLDialect/prefersReadBack``: SQLite's
/// `RETURNING` opens a temporary table for the returned rows). A driver uses
/// it only where nothing can change the row between the two statements —
/// SQLite inside a transaction, which holds the database's write lock — and
/// runs ``Statement/sql`` otherwise. Either way the caller receives the row
/// exactly as stored, or no row when the write matched none.
///
/// ```swift
/// // For `user.save(on: tx)` on SQLite the compiler sends one statement:
/// //   statement.sql       the update by key, with RETURNING of the row
/// //   readBack.write      the same update without RETURNING
/// //   readBack.read       User's find-by-key select, binds: the key
/// if let readBack = statement.readBack, insideTransaction {
///     let changed = try run(readBack.write, binds: statement.binds)
///     if changed == 1 { try decodeRows(readBack.read, binds: readBack.binds) }
/// }
/// ```
public struct ReadBack: Sendable, Hashable {
    /// The write without `RETURNING`, taking the statement's own binds.
    public var write: String
    /// A read of the written row by its key, run when the write changed
    /// exactly one row.
    public var read: String
    /// The values for `read`'s placeholders (the row's key).
    public var binds: [SQLValue]

    /// Creates a read-back for a single-row write.
    public init(write: String, read: String, binds: [SQLValue]) {
        self.write = write
        self.read = read
        self.binds = binds
    }
}
