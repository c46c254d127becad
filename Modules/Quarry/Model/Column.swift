/// A typed reference to one column of a model: what `@Model`'s `Columns`
/// holds and what the query DSL builds predicates from.
///
/// ```swift
/// let email: Column<Author, String> = Author.columns.email
/// email.name            // "email"
/// email.table           // "authors" (an alias inside relation subqueries)
/// ```
public struct Column<Root: FetchableModel, Value: SQLValueConvertible>: Sendable {
    /// The SQL column name.
    public let name: String
    /// The table name or alias that qualifies the column in SQL.
    public let table: String

    /// The column `name` of `Root`'s table.
    public init(_ name: String) {
        self.name = name
        self.table = Root.schema.name
    }

    /// The column `name` qualified by `scope` (a table or an alias).
    public init(_ name: String, in scope: ColumnScope) {
        self.name = name
        self.table = scope.alias
    }

    /// The column as SQL: its quoted name.
    public var sql: SQL { "\(identifier: name)" }
}
