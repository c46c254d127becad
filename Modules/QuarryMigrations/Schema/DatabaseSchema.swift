import Quarry

/// Every table and view of a database, by name: what the models declare,
/// what a chain of migrations produces, or what introspection reads.
///
/// ```swift
/// let wanted = DatabaseSchema(models: [Author.self, Post.self])
/// let built = try DatabaseSchema(replaying: migrations)
/// let changes = SchemaDiff(from: built, to: wanted).operations
/// ```
public struct DatabaseSchema: Sendable, Hashable {
    /// The tables, by name.
    public var tables: [String: TableDefinition]
    /// The views, by name. Introspection reads the text the database keeps,
    /// in both of `ViewSQL`'s fields.
    public var views: [String: ViewDefinition]

    public init(tables: [TableDefinition] = [], views: [ViewDefinition] = []) {
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.views = Dictionary(views.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The tables the models declare, and the views the `@View` models do.
    ///
    /// ```swift
    /// DatabaseSchema(models: [Author.self, Post.self, AuthorStats.self])
    /// ```
    public init(models: [any FetchableModel.Type]) {
        self.init(
            tables: models.compactMap { $0 as? any Model.Type }.map { TableDefinition(model: $0) },
            views: models.compactMap { $0 as? any DatabaseView.Type }.map { ViewDefinition(view: $0) })
    }

    /// The schema a chain of migrations produces from an empty database
    /// (raw SQL and data steps change nothing here).
    public init(replaying migrations: [Migration]) throws {
        self.init()
        for migration in migrations {
            for operation in migration.up { try apply(operation) }
        }
    }

    /// The table names, sorted.
    public var tableNames: [String] { tables.keys.sorted() }

    /// The view names, sorted.
    public var viewNames: [String] { views.keys.sorted() }
}
