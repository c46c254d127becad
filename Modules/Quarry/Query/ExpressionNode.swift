/// The syntax tree of a query expression (build it through the operators,
/// not by hand). Rendering is per dialect, every
/// value becomes a bind and every name is quoted; operators and function
/// names come only from Quarry's own code.
public indirect enum ExpressionNode: Sendable, Hashable {
    /// A column, qualified by its table so that it stays unambiguous inside
    /// subqueries.
    case column(table: String, name: String)
    case subquery(SubqueryBox)
    case exists(SubqueryBox, negated: Bool)
    case inSubquery(ExpressionNode, SubqueryBox, negated: Bool)
    case value(SQLValue)
    case binary(ExpressionNode, String, ExpressionNode)
    /// `+`, `-` or `*` of integers: exact or an error on every dialect
    /// (``SQLDialect/integerArithmetic(_:_:_:)``), never a silent float.
    case integerArithmetic(ExpressionNode, String, ExpressionNode)
    case not(ExpressionNode)
    case isNull(ExpressionNode, negated: Bool)
    case function(String, [ExpressionNode])
    case inList(ExpressionNode, [SQLValue], negated: Bool)
    /// `(a, b)`: a row value, compared as a whole (`(a, b) > (?, ?)`).
    case row([ExpressionNode])
    /// `(a, b) IN ((?, ?), (?, ?))`: row values, for composite keys.
    case rowInList([ExpressionNode], [[SQLValue]])
    case between(ExpressionNode, ExpressionNode, ExpressionNode)
    case like(ExpressionNode, ExpressionNode, caseInsensitive: Bool, escaped: Bool)
    case datePart(DatePart, ExpressionNode)
    case constant(Bool)
    case distinctFunction(String, ExpressionNode)
    case cast(ExpressionNode, ColumnType)
    /// A part of a query that cannot be built (a relation whose declaration
    /// does not work); running the query throws
    /// ``QuarryError/invalidArgument(name:reason:)`` with this name and reason
    /// (``QuarryError/misuse(_:)`` with the reason when the name is empty:
    /// a scope that cannot apply, such as no tenant set).
    case invalid(name: String, reason: String)
    /// The value at a path of a JSON document.
    case jsonExtract(ExpressionNode, [String], JSONValueKind)
    /// A path of a JSON document exists.
    case jsonExists(ExpressionNode, [String])
    /// The value at a path of a JSON document contains a JSON value.
    case jsonContains(ExpressionNode, [String], JSON)
    /// A full-text match, rank or highlight.
    case fullText(FullTextSearch)

    /// `parts` joined by `op`: flat up to eight, else two balanced halves.
    private static func balanced(_ parts: ArraySlice<SQL>, _ op: String) -> SQL {
        if parts.count == 1 { return parts[parts.startIndex] }
        if parts.count <= 8 { return "(" + SQL.join(parts, separator: " \(op) ") + ")" }
        let middle = parts.startIndex + parts.count / 2
        return "(" + balanced(parts[..<middle], op) + SQL(stringLiteral: " \(op) ") + balanced(parts[middle...], op) + ")"
    }

    /// `AND` and `OR`: associative, so a chain of them may be regrouped.
    private static func isChain(_ op: String) -> Bool { op == "AND" || op == "OR" }

    /// The operands of a chain of `op` rooted here (`(a AND b) AND c` →
    /// `[a, b, c]`), in order, found with a loop rather than recursion: a
    /// request's thousand filters nest a thousand deep.
    func operands(of op: String) -> [ExpressionNode] {
        var operands: [ExpressionNode] = []
        var pending: [ExpressionNode] = [self]
        while let node = pending.popLast() {
            if case .binary(let lhs, let nodeOp, let rhs) = node, nodeOp == op {
                pending.append(rhs)
                pending.append(lhs)
            } else {
                operands.append(node)
            }
        }
        return operands
    }

    /// The SQL of this node, fully parenthesised.
    func render(_ dialect: any SQLDialect) -> SQL {
        switch self {
        case .column(let table, let name):
            return "\(identifier: table).\(identifier: name)"
        case .value(let value):
            return "\(value)"
        case .binary(_, let op, _) where Self.isChain(op):
            // A chain of one operator, as long as the filters a request sends: gathered by a loop,
            // rendered as a balanced tree, so neither this code nor the database's parser nests
            // deeper than log(n) (SQLite refuses expression trees over 1,000 deep).
            return Self.balanced(operands(of: op).map { $0.render(dialect) }[...], op)
        case .binary(let lhs, let op, let rhs):
            return "(" + lhs.render(dialect) + SQL(stringLiteral: " \(op) ") + rhs.render(dialect) + ")"
        case .integerArithmetic(let lhs, let op, let rhs):
            return dialect.integerArithmetic(op, lhs.render(dialect), rhs.render(dialect))
        case .not(let node):
            return "(NOT " + node.render(dialect) + ")"
        case .isNull(let node, let negated):
            return "(" + node.render(dialect) + SQL(stringLiteral: negated ? " IS NOT NULL)" : " IS NULL)")
        case .function(let name, let arguments):
            return SQL(stringLiteral: name + "(") + SQL.join(arguments.map { $0.render(dialect) }, separator: ", ") + ")"
        case .inList(let node, let values, let negated):
            // An empty list: nothing is in it, everything is not in it.
            guard !values.isEmpty else { return negated ? "(1 = 1)" : "(1 = 0)" }
            let list = SQL.join(values.map { "\($0)" as SQL }, separator: ", ")
            return "(" + node.render(dialect) + SQL(stringLiteral: negated ? " NOT IN (" : " IN (") + list + "))"
        case .row(let nodes):
            return "(" + SQL.join(nodes.map { $0.render(dialect) }, separator: ", ") + ")"
        case .rowInList(let nodes, let rows):
            guard !rows.isEmpty else { return "(1 = 0)" }
            let row = { (parts: [SQL]) -> SQL in "(" + SQL.join(parts, separator: ", ") + ")" }
            return "(" + row(nodes.map { $0.render(dialect) }) + " IN ("
                + SQL.join(rows.map { values in row(values.map { "\($0)" as SQL }) }, separator: ", ") + "))"
        case .between(let node, let low, let high):
            return "(" + node.render(dialect) + " BETWEEN " + low.render(dialect) + " AND " + high.render(dialect) + ")"
        case .like(let node, let pattern, let caseInsensitive, let escaped):
            let escape: SQL = escaped ? " ESCAPE '\\'" : ""
            return "(" + dialect.like(node.render(dialect), pattern.render(dialect), caseInsensitive: caseInsensitive)
                + escape + ")"
        case .datePart(let part, let node):
            return dialect.datePart(part, of: node.render(dialect))
        case .constant(let value):
            return value ? "(1 = 1)" : "(1 = 0)"
        case .distinctFunction(let name, let argument):
            return SQL(stringLiteral: name + "(DISTINCT ") + argument.render(dialect) + ")"
        case .subquery(let box):
            return "(" + box.render(dialect) + ")"
        case .exists(let box, let negated):
            return SQL(stringLiteral: negated ? "(NOT EXISTS (" : "(EXISTS (") + box.render(dialect) + "))"
        case .inSubquery(let node, let box, let negated):
            return "(" + node.render(dialect) + SQL(stringLiteral: negated ? " NOT IN (" : " IN (") + box.render(dialect) + "))"
        case .cast(let node, let type):
            return "CAST(" + node.render(dialect) + SQL(stringLiteral: " AS \(dialect.storageTypeSQL(type)))")
        case .invalid:
            // Never sent: `Query.validate()` throws first.
            return "(1 = 0)"
        case .jsonExtract(let document, let path, let kind):
            return dialect.jsonExtract(document.render(dialect), path: path, as: kind)
        case .jsonExists(let document, let path):
            return dialect.jsonExists(document.render(dialect), path: path)
        case .jsonContains(let document, let path, let value):
            return dialect.jsonContains(document.render(dialect), path: path, value)
        case .fullText(let search):
            return dialect.fullText(search)
        }
    }

    /// The tables this expression's subqueries read (a column names an
    /// alias, not a table, so columns add nothing).
    var tables: Set<String> {
        switch self {
        case .subquery(let box), .exists(let box, _):
            return box.tables
        case .inSubquery(let node, let box, _):
            return node.tables.union(box.tables)
        case .column, .value, .constant, .fullText, .invalid:
            return []
        case .not(let node), .isNull(let node, _), .inList(let node, _, _), .datePart(_, let node),
            .distinctFunction(_, let node), .cast(let node, _), .jsonExtract(let node, _, _), .jsonExists(let node, _),
            .jsonContains(let node, _, _):
            return node.tables
        case .binary(_, let op, _) where Self.isChain(op):
            return operands(of: op).reduce(into: Set<String>()) { $0.formUnion($1.tables) }
        case .binary(let lhs, _, let rhs), .integerArithmetic(let lhs, _, let rhs), .like(let lhs, let rhs, _, _):
            return lhs.tables.union(rhs.tables)
        case .function(_, let nodes), .row(let nodes), .rowInList(let nodes, _):
            return nodes.reduce(into: Set<String>()) { $0.formUnion($1.tables) }
        case .between(let a, let b, let c):
            return a.tables.union(b.tables).union(c.tables)
        }
    }

    /// A NUL in a JSON path key or in a contained value: PostgreSQL's jsonb
    /// cannot hold one and SQLite's paths stop at it, so it is refused on both.
    private static func jsonInvalidity(_ document: ExpressionNode, _ path: [String], _ value: JSON?) -> QuarryError? {
        guard path.contains(where: { $0.utf8.contains(0) }) || value?.containsNUL == true else { return nil }
        let name: String
        if case .column(_, let column) = document { name = column } else { name = "path" }
        return .invalidArgument(name: name, reason: "a JSON path or value cannot contain a NUL character")
    }

    /// The first ``invalid(name:reason:)`` node in this tree, as an error.
    var invalidity: QuarryError? {
        switch self {
        case .invalid(let name, let reason):
            return name.isEmpty ? .misuse(reason) : .invalidArgument(name: name, reason: reason)
        case .column, .subquery, .exists, .value, .constant, .fullText:
            return nil
        case .jsonExtract(let node, let path, _), .jsonExists(let node, let path):
            return Self.jsonInvalidity(node, path, nil) ?? node.invalidity
        case .jsonContains(let node, let path, let value):
            return Self.jsonInvalidity(node, path, value) ?? node.invalidity
        case .inSubquery(let node, _, _), .not(let node), .isNull(let node, _), .inList(let node, _, _),
            .datePart(_, let node), .distinctFunction(_, let node), .cast(let node, _):
            return node.invalidity
        case .binary(_, let op, _) where Self.isChain(op):
            return operands(of: op).lazy.compactMap(\.invalidity).first
        case .binary(let lhs, _, let rhs), .integerArithmetic(let lhs, _, let rhs):
            return lhs.invalidity ?? rhs.invalidity
        case .function(_, let arguments), .rowInList(let arguments, _), .row(let arguments):
            return arguments.lazy.compactMap(\.invalidity).first
        case .between(let a, let b, let c):
            return a.invalidity ?? b.invalidity ?? c.invalidity
        case .like(let a, let b, _, _):
            // SQLite's LIKE stops at a NUL (a wider match), PostgreSQL text cannot hold one: refused on both.
            if case .value(.text(let pattern)) = b, pattern.utf8.contains(0) {
                let name: String
                if case .column(_, let column) = a { name = column } else { name = "pattern" }
                return .invalidArgument(name: name, reason: "a text match cannot contain a NUL character")
            }
            return a.invalidity ?? b.invalidity
        }
    }
}

/// A component of a date, for ``QueryExpression/datePart(_:)``.
public enum DatePart: String, Sendable, Hashable, CaseIterable {
    case year, month, day, hour, minute, second
}

/// A compiled-on-demand nested `SELECT`, compared by identity.
public final class SubqueryBox: Sendable, Hashable {
    let render: @Sendable (any SQLDialect) -> SQL
    /// The tables the nested `SELECT` reads (for cache invalidation).
    let tables: Set<String>

    init(tables: Set<String>, render: @escaping @Sendable (any SQLDialect) -> SQL) {
        self.tables = tables
        self.render = render
    }

    public static func == (lhs: SubqueryBox, rhs: SubqueryBox) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
