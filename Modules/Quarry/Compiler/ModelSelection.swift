/// The select lists of a model's statements: the columns
/// ``RowDecodable/init(row:)`` reads, in its order.
extension FetchableModel {
    /// `"t"."a", "t"."b", …`: the select list that ``RowDecodable/init(row:)`` reads.
    static var selection: SQL {
        SQL.join(schema.columns.map { "\(identifier: $0.name)" as SQL }, separator: ", ")
    }

    /// `"table"."a", "table"."b", …`: the select list qualified by the
    /// table, for statements that join or return rows (`RETURNING`).
    ///
    /// ```swift
    /// Author.qualifiedSelection   // "authors"."id", "authors"."email", …
    /// ```
    public static var qualifiedSelection: SQL {
        SQL.join(schema.columns.map { "\(identifier: schema.name).\(identifier: $0.name)" as SQL }, separator: ", ")
    }

    /// ` RETURNING "table"."a", …`: a written row handed back whole.
    static var returningRow: SQL { " RETURNING " + qualifiedSelection }
}
