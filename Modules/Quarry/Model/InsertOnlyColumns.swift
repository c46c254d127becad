/// The kernel seam for columns written once, when a row is inserted
/// (`QuarryMixins`' `Timestamped.createdAt`): an upsert that finds the row
/// stored already updates every other column and leaves these as stored.
///
/// ```swift
/// extension Article: InsertOnlyColumns {
///     static var insertOnlyColumns: Set<String> { ["created_at"] }
/// }
/// ```
public protocol InsertOnlyColumns: Model {
    /// The names of the columns set only on insert.
    static var insertOnlyColumns: Set<String> { get }
}
