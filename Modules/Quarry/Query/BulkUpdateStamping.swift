/// The kernel seam for columns a model sets on every bulk update
/// (`Query.update`), such as `QuarryMixins`' `Timestamped.updatedAt`.
///
/// ```swift
/// extension Article: BulkUpdateStamping {
///     static func bulkUpdateAssignments() -> [Assignment] { [columns.updatedAt.set(to: Date())] }
/// }
/// ```
public protocol BulkUpdateStamping: ColumnSet, Model {
    /// Assignments added to every bulk update of this model.
    static func bulkUpdateAssignments() -> [Assignment]
}
