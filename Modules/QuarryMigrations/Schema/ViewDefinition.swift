import Quarry

/// A database view: its name and its `SELECT` (per dialect).
///
/// ```swift
/// .createView(ViewDefinition("author_stats", sql: ViewSQL("SELECT author_id, count(*) AS posts FROM posts GROUP BY author_id")))
/// ```
public struct ViewDefinition: Sendable, Hashable {
    public var name: String
    public var sql: ViewSQL

    public init(_ name: String, sql: ViewSQL) {
        self.name = name
        self.sql = sql
    }

    /// The view a `@View` model declares.
    public init(view: any DatabaseView.Type) {
        self.init(view.schema.name, sql: view.definition)
    }

    /// A stable text, for checksums.
    var canonical: String { "\(name) sqlite=\(sql.sqlite) postgres=\(sql.postgres)" }
}
