import Quarry

/// Every table of a database, by name: what the models declare, what a
/// chain of migrations produces, or what introspection reads.
///
/// ```swift
/// let wanted = DatabaseSchema(models: [Author.self, Post.self])
/// let built = try DatabaseSchema(replaying: migrations)
/// let changes = SchemaDiff(from: built, to: wanted).operations
/// ```
public struct DatabaseSchema: Sendable, Hashable {
    /// The tables, by name.
    public var tables: [String: TableDefinition]

    public init(tables: [TableDefinition] = []) {
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The tables the models declare.
    public init(models: [any Model.Type]) {
        self.init(tables: models.map { TableDefinition(model: $0) })
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
}
