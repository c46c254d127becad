/// A Swift type read from the rows of a table or a view: its schema, its
/// key, its row decoder, its columns and relations. What queries, `get`,
/// `find`, `count` and prefetching need — and nothing that writes.
///
/// ``Model`` refines it with inserts, updates, deletes and hooks; a view
/// (`@View`) conforms to this protocol only, so writing to one does not
/// compile.
///
/// ```swift
/// @View("author_stats")
/// struct AuthorStats {
///     @ID var authorID: Int64
///     var posts: Int
/// }
/// let busy = try await AuthorStats.filter { $0.posts > 10 }.all(on: db)   // reads work
/// // try await stats.insert(on: db)   // error: AuthorStats is not a Model
/// ```
public protocol FetchableModel: RowDecodable, Sendable {
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

    /// What this type is (scoped, versioned, …), found once:
    /// `@Model` and `@View` store it; see ``ModelTraits``.
    static var _quarryTraits: ModelTraits { get }

    /// Every row of `sql` run on `db`, decoded, each with the value of its
    /// column at `keyColumn` (an index of `schema.columns`): what
    /// prefetching groups rows by. Implemented once, below; a requirement
    /// for the reason ``RowDecodable/_fetchAll(_:on:)`` is one.
    static func _fetchAll(_ sql: SQL, keyColumn: Int, on db: any QueryExecutor) async throws
        -> (rows: [Self], keys: [SQLValue])
}

extension FetchableModel where Key: SQLValueConvertible {
    /// A single-column key is its own value.
    public static func keyValues(of key: Key) -> [SQLValue] { [key.sqlValue] }
}

extension FetchableModel {
    /// Hand-written models map no key paths unless they implement this.
    public static func columnName(for keyPath: PartialKeyPath<Self>) -> String? { nil }

    /// Hand-written models declare no relations unless they implement this.
    public static func relationship(for keyPath: PartialKeyPath<Self>) -> Relationship? { nil }

    /// Hand-written models find their traits on each use unless they store them.
    public static var _quarryTraits: ModelTraits { ModelTraits(of: Self.self) }

    /// Hand-written models have no relation storage unless they implement this.
    public func isLoaded(_ relation: PartialKeyPath<Self>) -> Bool { false }

    @inlinable
    public static func _fetchAll(_ sql: SQL, keyColumn: Int, on db: any QueryExecutor) async throws
        -> (rows: [Self], keys: [SQLValue])
    {
        var rows: [Self] = []
        var keys: [SQLValue] = []
        if try db.runImmediately(sql, decoding: Self.self, { row in
            keys.append(row.columnValue(at: keyColumn))
            rows.append(row)
        }) == nil {
            try await db.run(sql, decoding: Self.self) { row in
                keys.append(row.columnValue(at: keyColumn))
                rows.append(row)
            }
        }
        return (rows, keys)
    }
}

extension FetchableModel {
    /// Every column's value, in column order.
    func columnValues() -> [SQLValue] {
        var encoder = SQLValueEncoder(capacity: Self.schema.columns.count)
        encode(into: &encoder)
        return encoder.values
    }

    /// The model whose columns hold `values` (in column order), decoded
    /// as if it were a row read from the database.
    static func rebuilt(from values: [SQLValue]) throws -> Self {
        var row = ValuesRowDecoder(values: values, columnNames: schema.columns.map(\.name))
        return try Self(row: &row)
    }

    /// The text-cache key of a statement of this model.
    static func key(_ kind: SQLTextCache.Kind, _ columns: [Int], rows: Int = 1, _ dialect: some SQLDialect)
        -> SQLTextCache.Key
    {
        SQLTextCache.Key(model: ObjectIdentifier(Self.self), dialect: dialect.name, kind: kind, columns: columns, rows: rows)
    }
}
