/// The kernel seam of soft deletion (`QuarryMixins`' `SoftDeletable`): a
/// model whose `delete` — of one row or in bulk — marks rows instead of
/// removing them, with an `UPDATE … SET` of these assignments. Hooks and
/// the `deleted` event still run for a single row.
///
/// ```swift
/// extension Note: DeletionMarking {
///     static func deletionMark() -> [Assignment] { [columns.archived.set(to: true)] }
/// }
/// ```
public protocol DeletionMarking: ColumnSet, Model {
    /// What marks a row deleted.
    static func deletionMark() -> [Assignment]
}
