/// One column of a model's table: what `@Model` generates per stored property.
///
/// ```swift
/// ColumnSchema("email", type: .text(maxLength: 120), isUnique: true)
/// ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true)
/// ```
public struct ColumnSchema: Sendable, Hashable {
    /// The SQL column name.
    public var name: String
    public var type: ColumnType
    public var isNullable: Bool
    public var isPrimaryKey: Bool
    /// The database assigns the key (integer keys only).
    public var isAutoIncrement: Bool
    public var isUnique: Bool
    /// An index is created on this column alone.
    public var isIndexed: Bool
    public var defaultValue: ColumnDefault?
    /// Kept in the model's metadata (and as a PostgreSQL column comment).
    public var comment: String?
    /// The model this column refers to, enforced by a foreign key.
    public var references: ForeignKey?

    public init(
        _ name: String, type: ColumnType, isNullable: Bool = false, isPrimaryKey: Bool = false,
        isAutoIncrement: Bool = false, isUnique: Bool = false, isIndexed: Bool = false,
        defaultValue: ColumnDefault? = nil, comment: String? = nil, references: ForeignKey? = nil
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.isPrimaryKey = isPrimaryKey
        self.isAutoIncrement = isAutoIncrement
        self.isUnique = isUnique
        self.isIndexed = isIndexed
        self.defaultValue = defaultValue
        self.comment = comment
        self.references = references
    }
}
