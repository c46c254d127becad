/// The `SELECT` a database view stands for: one text both databases
/// accept, or one per dialect.
///
/// ```swift
/// ViewSQL("SELECT author_id, count(*) AS posts FROM posts GROUP BY author_id")
/// ViewSQL(sqlite: "SELECT … strftime('%Y', created_at) …", postgres: "SELECT … extract(year FROM created_at) …")
/// ```
public struct ViewSQL: Sendable, Hashable {
    public var sqlite: String
    public var postgres: String

    /// One `SELECT` for both databases.
    public init(_ portable: String) {
        sqlite = portable
        postgres = portable
    }

    /// A `SELECT` per database.
    public init(sqlite: String, postgres: String) {
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// The text for `dialect`.
    public func text(for dialect: some SQLDialect) -> String {
        dialect.name == "postgres" ? postgres : sqlite
    }
}
