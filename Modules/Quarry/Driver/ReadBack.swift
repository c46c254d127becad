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
/// // Statement.sql:  UPDATE "users" SET "score" = ?1 WHERE "id" = ?2 RETURNING "users"."id", …
/// let readBack = ReadBack(
///     write: #"UPDATE "users" SET "score" = ?1 WHERE "id" = ?2"#,
///     read: #"SELECT "users"."id", … FROM "users" WHERE "users"."id" = ?1"#,
///     binds: [.int(7)])
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
