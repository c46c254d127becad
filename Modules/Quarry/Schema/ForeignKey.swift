/// What the database does to referencing rows when the referenced row is
/// deleted.
public enum ForeignKeyAction: String, Sendable, Hashable {
    /// Delete the referencing rows too.
    case cascade = "CASCADE"
    /// Set the referencing column to `NULL` (it must be nullable).
    case setNull = "SET NULL"
    /// Refuse the delete while rows refer to it (checked at once).
    case restrict = "RESTRICT"
    /// Refuse the delete, checked at the end of the statement (the default).
    case noAction = "NO ACTION"
}

/// A column's reference to another model's primary key.
///
/// ```swift
/// ColumnSchema("author_id", type: .int64, references: ForeignKey(Author.self, onDelete: .cascade))
/// ```
public struct ForeignKey: Sendable, Hashable {
    /// The referenced model; its table and key are read when DDL is built,
    /// so a model may refer to itself.
    public let model: any Model.Type
    public let onDelete: ForeignKeyAction

    public init(_ model: any Model.Type, onDelete: ForeignKeyAction = .noAction) {
        self.model = model
        self.onDelete = onDelete
    }

    public static func == (lhs: ForeignKey, rhs: ForeignKey) -> Bool {
        ObjectIdentifier(lhs.model) == ObjectIdentifier(rhs.model) && lhs.onDelete == rhs.onDelete
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(model))
        hasher.combine(onDelete)
    }
}
