/// Primary keys — single-column or composite — as SQL and as conditions.
extension FetchableModel {
    /// A key as errors and logs name it: `7`, or `1, 2` for a composite key.
    ///
    /// ```swift
    /// PostTag.keyDescription(PostTag.Key(postID: 1, tagID: 2))   // "1, 2"
    /// ```
    public static func keyDescription(_ key: Key) -> String {
        keyValues(of: key).map { "\($0)" }.joined(separator: ", ")
    }

    /// The rows whose primary key is `key`, as a condition for `filter`:
    /// `"t"."id" = ?`, or one equality per column of a composite key.
    ///
    /// ```swift
    /// let row = try await Reading.query.filter { _ in Reading.keyCondition(key) }.first(on: db)
    /// ```
    public static func keyCondition(_ key: Key) -> Condition {
        Condition(keyNode(key))
    }

    /// The rows whose primary key is one of `keys` (`IN (…)` for a
    /// single-column key); never true for no keys.
    ///
    /// ```swift
    /// let rows = try await Tag.query.filter { _ in Tag.keyCondition(in: [1, 2, 3]) }.all(on: db)
    /// ```
    public static func keyCondition(in keys: [Key]) -> Condition {
        guard let indices = try? schema.primaryKeyIndices() else { return Condition(noKey) }
        if indices.count == 1 {
            let column = ExpressionNode.column(table: schema.name, name: schema.columns[indices[0]].name)
            return Condition(.inList(column, keys.flatMap(keyValues(of:)), negated: false))
        }
        let each = keys.map(keyNode)
        guard let first = each.first else { return .constant(false) }
        return Condition(each.dropFirst().reduce(first) { .binary($0, "OR", $1) })
    }

    /// The AND of one equality per key column, or an invalid node naming
    /// the problem (reported when the query runs).
    static func keyNode(_ key: Key) -> ExpressionNode {
        guard let indices = try? schema.primaryKeyIndices() else { return noKey }
        let values = keyValues(of: key)
        guard values.count == indices.count else {
            return .invalid(
                name: "id", reason: "\(schema.name) has \(indices.count) key columns, the key gave \(values.count) values")
        }
        let equalities = zip(indices, values).map { index, value in
            ExpressionNode.binary(.column(table: schema.name, name: schema.columns[index].name), "=", .value(value))
        }
        return equalities.dropFirst().reduce(equalities[0]) { .binary($0, "AND", $1) }
    }

    private static var noKey: ExpressionNode {
        .invalid(name: "schema", reason: "\(schema.name) has no primary-key column")
    }
}
