import Quarry

/// A foreign-key constraint: columns of this table referencing columns of another.
///
/// ```swift
/// ForeignKeyDefinition("fk_posts_author_id", columns: ["author_id"], references: "authors", ["id"], onDelete: .cascade)
/// ```
public struct ForeignKeyDefinition: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]
    public var onDelete: ForeignKeyAction

    public init(
        _ name: String, columns: [String], references referencedTable: String, _ referencedColumns: [String],
        onDelete: ForeignKeyAction = .noAction
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
    }
}
