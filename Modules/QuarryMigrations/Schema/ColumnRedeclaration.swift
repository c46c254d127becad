/// A SQLite column whose declared type changes from the storage class an
/// older Quarry declared (`TEXT` for a date) to its kind's own name
/// (`TIMESTAMP`): what ``Migrator/declareColumnTypes(as:dryRun:)`` reports.
///
/// ```swift
/// for change in try await migrator.declareColumnTypes(as: DatabaseSchema(models: models)) {
///     print(change)   // posts.published_at: TEXT → TIMESTAMP
/// }
/// ```
public struct ColumnRedeclaration: Sendable, Hashable, CustomStringConvertible {
    public let table: String
    public let column: String
    /// The declared type the file has.
    public let from: String
    /// The declared type the column gets.
    public let to: String

    public init(table: String, column: String, from: String, to: String) {
        self.table = table
        self.column = column
        self.from = from
        self.to = to
    }

    public var description: String { "\(table).\(column): \(from) → \(to)" }
}
