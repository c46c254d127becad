/// A read-only model over a database view: `@View` conforms a struct and
/// the struct declares the view's `SELECT` beside its columns. It is a
/// ``FetchableModel`` and not a ``Model``, so queries, `get` and prefetch
/// work and writes do not compile. Migrations create, replace and drop it
/// (`DatabaseSchema(models:)` takes views too); `createViews` is the quick
/// start.
///
/// The view's columns must come out in the struct's order with the
/// struct's column names.
///
/// ```swift
/// @View(name: "author_stats")
/// struct AuthorStats {
///     @ID var authorID: Int64
///     var name: String
///     var posts: Int
///
///     static let definition = ViewSQL("""
///         SELECT a.id AS author_id, a.name, count(p.id) AS posts
///         FROM authors a LEFT JOIN posts p ON p.author_id = a.id GROUP BY a.id, a.name
///         """)
/// }
/// try await db.createViews(AuthorStats.self)
/// let busy = try await AuthorStats.filter { $0.posts >= 10 }.order { $0.name }.all(on: db)
/// ```
public protocol DatabaseView: ColumnSet {
    /// The view's `SELECT`.
    static var definition: ViewSQL { get }
}
