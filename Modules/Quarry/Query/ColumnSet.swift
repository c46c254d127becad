/// A model whose columns can be named in typed queries; `@Model` conforms
/// with its generated `Columns`.
///
/// ```swift
/// let recent = try await Author.filter { $0.karma >= 10 }.order { $0.name }.all(on: db)
/// ```
public protocol ColumnSet: FetchableModel {
    associatedtype Columns: Sendable
    /// What query closures receive as `$0`.
    static var columns: Columns { get }
    /// The columns qualified by another table reference (an alias in a
    /// relation subquery).
    static func columns(in scope: ColumnScope) -> Columns
}

extension ColumnSet {
    /// A query over every row.
    public static var query: Query<Self> { Query() }

    /// A query of the rows matching `predicate`.
    ///
    /// ```swift
    /// Author.filter { $0.karma >= 10 && $0.name.hasPrefix("A") }
    /// ```
    public static func filter(_ predicate: (Columns) -> Condition) -> Query<Self> {
        Query().filter(predicate)
    }

    /// A query of every row in the given order.
    public static func order(_ ordering: (Columns) -> Ordering) -> Query<Self> {
        Query().order(ordering)
    }
}
