/// A typed reference to one column of a model: what `@Model`'s `Columns`
/// holds and what the query DSL builds predicates from.
///
/// ```swift
/// let email: Column<Author, String> = Author.columns.email
/// email.name            // "email"
/// ```
public struct Column<Root: Model, Value: SQLValueConvertible>: Sendable {
    /// The SQL column name.
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The column as SQL: its quoted name.
    public var sql: SQL { "\(identifier: name)" }
}
