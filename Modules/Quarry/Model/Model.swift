/// A Swift type stored as one row of a table.
///
/// `@Model` generates this conformance; it can also be written by hand. The
/// schema's columns, ``encode(into:)`` and ``RowDecodable/init(row:)`` all
/// use the same column order.
///
/// ```swift
/// struct Tag: Model {
///     var id: Int64?
///     var label: String
///
///     static let schema = TableSchema("tags", columns: [
///         ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
///         ColumnSchema("label", type: .text(maxLength: 40), isUnique: true),
///     ])
///     var primaryKey: Int64? { id }
///     init(row: inout some RowDecoder) throws {
///         id = try row.decode(Int64?.self)
///         label = try row.decode(String.self)
///     }
///     func encode(into binds: inout some BindEncoder) {
///         binds.encode(id)
///         binds.encode(label)
///     }
/// }
///
/// let tag = try await Tag(id: nil, label: "swift").insert(on: db)   // tag.id is set
/// let same = try await Tag.get(on: db, id: tag.id!)
/// ```
public protocol Model: RowDecodable, ModelHooks, Sendable {
    /// The primary key's type (not optional): the key column's type, or for
    /// a composite key (several `@ID` columns) a struct `@Model` generates.
    associatedtype Key: Hashable & Sendable

    /// The table, its columns in encoding order.
    static var schema: TableSchema { get }

    /// The primary key, or `nil` before the database assigns one.
    var primaryKey: Key? { get }

    /// A key's column values, in the order of the schema's primary-key
    /// columns: one value, or one per column of a composite key.
    ///
    /// ```swift
    /// Author.keyValues(of: 7)                                          // [.int(7)]
    /// PostTag.keyValues(of: PostTag.Key(postID: 1, tagID: 2))          // [.int(1), .int(2)]
    /// ```
    static func keyValues(of key: Key) -> [SQLValue]

    /// Writes every column's value, in `schema.columns` order.
    func encode(into binds: inout some BindEncoder)

    /// The column a stored property maps to (`\Author.email` → `"email"`),
    /// or `nil` for a key path that is not a column.
    static func columnName(for keyPath: PartialKeyPath<Self>) -> String?

    /// The relation a property declares (`\Post.author` → belongs-to
    /// `authors`), or `nil` for a key path that is not a relation.
    static func relationship(for keyPath: PartialKeyPath<Self>) -> Relationship?

    /// Whether a relation property was loaded (prefetched or assigned):
    /// `nil` then means "no related row" rather than "not loaded".
    ///
    /// ```swift
    /// post.isLoaded(\.author)    // false until prefetched
    /// ```
    func isLoaded(_ relation: PartialKeyPath<Self>) -> Bool
}

extension Model where Key: SQLValueConvertible {
    /// A single-column key is its own value.
    public static func keyValues(of key: Key) -> [SQLValue] { [key.sqlValue] }
}

extension Model {
    /// Hand-written models map no key paths unless they implement this.
    public static func columnName(for keyPath: PartialKeyPath<Self>) -> String? { nil }

    /// Hand-written models declare no relations unless they implement this.
    public static func relationship(for keyPath: PartialKeyPath<Self>) -> Relationship? { nil }

    /// Hand-written models have no relation storage unless they implement this.
    public func isLoaded(_ relation: PartialKeyPath<Self>) -> Bool { false }
}

extension Model {
    /// Every column's value, in column order.
    func columnValues() -> [SQLValue] {
        var encoder = SQLValueEncoder(capacity: Self.schema.columns.count)
        encode(into: &encoder)
        return encoder.values
    }

    /// `"t"."a", "t"."b", …`: the select list that ``RowDecodable/init(row:)`` reads.
    static var selection: SQL {
        SQL.join(schema.columns.map { "\(identifier: $0.name)" as SQL }, separator: ", ")
    }

    /// `"table"."a", "table"."b", …`: the select list qualified by the
    /// table, for statements that join or return rows (`RETURNING`).
    ///
    /// ```swift
    /// let sql: SQL = "SELECT " + Author.qualifiedSelection + " FROM \(identifier: "authors")"
    /// ```
    public static var qualifiedSelection: SQL {
        SQL.join(schema.columns.map { "\(identifier: schema.name).\(identifier: $0.name)" as SQL }, separator: ", ")
    }

    /// The text-cache key of a statement of this model.
    static func key(_ kind: SQLTextCache.Kind, _ columns: [Int], rows: Int = 1, _ dialect: some SQLDialect)
        -> SQLTextCache.Key
    {
        SQLTextCache.Key(model: ObjectIdentifier(Self.self), dialect: dialect.name, kind: kind, columns: columns, rows: rows)
    }
}
