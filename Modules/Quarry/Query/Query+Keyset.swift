/// One column of a keyset order, what cursor pagination seeks by: the
/// column, its direction, and where its `NULL`s sort.
///
/// ```swift
/// let keyset = try Post.query.order { $0.publishedAt.desc() }.keyset()
/// // [published_at DESC NULLS FIRST, id ASC]: the primary key breaks ties
/// ```
public struct KeysetColumn: Sendable, Hashable {
    /// The column's name.
    public let name: String
    /// The column's position in the model's schema (and in its encoded values).
    public let index: Int
    public let descending: Bool
    /// Where `NULL`s sort; without a `nulls:` in the order, as the largest
    /// value (PostgreSQL's default), on both databases.
    public let nullsFirst: Bool
    public let isNullable: Bool

    /// The same column in the opposite order, for reading backwards.
    public var reversed: KeysetColumn {
        KeysetColumn(name: name, index: index, descending: !descending, nullsFirst: !nullsFirst, isNullable: isNullable)
    }
}

extension Query {
    /// This query's `ORDER BY` as keyset columns, with the primary-key
    /// columns not already in it appended as tie-breakers, so every row has
    /// a unique position.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` when an
    ///   order term is not a column of the model (keyset order needs
    ///   columns whose values a row carries).
    public func keyset() throws -> [KeysetColumn] {
        let columns = M.schema.columns
        var keyset: [KeysetColumn] = []
        for ordering in orderings {
            guard case .column(let table, let name) = ordering.node, table == M.schema.name,
                let index = columns.firstIndex(where: { $0.name == name })
            else {
                throw QuarryError.invalidArgument(
                    name: "order", reason: "keyset pagination orders by columns of \(M.schema.name), not by expressions")
            }
            guard !keyset.contains(where: { $0.name == name }) else { continue }
            keyset.append(KeysetColumn(
                name: name, index: index, descending: ordering.descending,
                nullsFirst: ordering.nulls.map { $0 == .first } ?? ordering.descending,
                isNullable: columns[index].isNullable))
        }
        for index in try M.schema.primaryKeyIndices() where !keyset.contains(where: { $0.index == index }) {
            keyset.append(KeysetColumn(
                name: columns[index].name, index: index, descending: false, nullsFirst: false, isNullable: false))
        }
        return keyset
    }

    /// This query ordered by `keyset` — replacing its order — and, given a
    /// `position` (a row's values of those columns), limited to the rows
    /// strictly after it in that order.
    ///
    /// ```swift
    /// let keyset = try query.keyset()
    /// let next = try await query.seeking(keyset, after: last.keysetPosition(keyset)).limit(20).all(on: db)
    /// let previous = try await query.seeking(keyset.map(\.reversed), after: first.keysetPosition(keyset)).limit(20).all(on: db)
    /// ```
    public func seeking(_ keyset: [KeysetColumn], after position: [SQLValue]?) -> Query {
        var query = self
        query.orderings = keyset.map { column in
            Ordering(
                node: .column(table: M.schema.name, name: column.name), descending: column.descending,
                nulls: column.isNullable ? (column.nullsFirst ? .first : .last) : nil)
        }
        guard let position else { return query }
        guard position.count == keyset.count else {
            query.predicate = .invalid(
                name: "cursor", reason: "a position of \(position.count) values for \(keyset.count) keyset columns")
            return query
        }
        let seek = Self.after(keyset, position)
        query.predicate = query.predicate.map { .binary($0, "AND", seek) } ?? seek
        return query
    }

    /// `(a, b) > (?, ?)` when every column is non-null and ascending (or
    /// every one descending), which databases serve from an index; else the
    /// expanded form `a > ? OR (a = ? AND b > ?)`, `NULL`-aware.
    private static func after(_ keyset: [KeysetColumn], _ position: [SQLValue]) -> ExpressionNode {
        let nodes = keyset.map { ExpressionNode.column(table: M.schema.name, name: $0.name) }
        let direction = keyset[0].descending
        if keyset.allSatisfy({ !$0.isNullable && $0.descending == direction }), !position.contains(.null) {
            return .binary(.row(nodes), direction ? "<" : ">", .row(position.map { .value($0) }))
        }
        var alternatives: [ExpressionNode] = []
        var ties: [ExpressionNode] = []
        for (offset, column) in keyset.enumerated() {
            let node = nodes[offset], value = position[offset]
            if let beyond = strictlyAfter(column, node, value) {
                alternatives.append(ties.reduce(beyond) { .binary($1, "AND", $0) })
            }
            ties.append(value == .null ? .isNull(node, negated: false) : .binary(node, "=", .value(value)))
        }
        guard let first = alternatives.first else { return .constant(false) }
        return alternatives.dropFirst().reduce(first) { .binary($0, "OR", $1) }
    }

    /// The rows after `value` in `column`'s own order, or `nil` for none.
    private static func strictlyAfter(_ column: KeysetColumn, _ node: ExpressionNode, _ value: SQLValue) -> ExpressionNode? {
        if value == .null { return column.nullsFirst ? .isNull(node, negated: true) : nil }
        let beyond = ExpressionNode.binary(node, column.descending ? "<" : ">", .value(value))
        guard column.isNullable && !column.nullsFirst else { return beyond }
        return .binary(beyond, "OR", .isNull(node, negated: false))
    }
}

extension FetchableModel {
    /// This row's values of the keyset columns: its position in that order.
    public func keysetPosition(_ keyset: [KeysetColumn]) -> [SQLValue] {
        let values = columnValues()
        return keyset.map { values[$0.index] }
    }
}
