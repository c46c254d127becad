extension ExpressionNode {
    /// The deepest nesting a condition or expression may have (a chain of
    /// `AND`s or `OR`s counts once, since it is rendered balanced). SQLite's
    /// parser fails near 100 nested parentheses and PostgreSQL's stack has a
    /// limit too; far below either, and below what would exhaust Quarry's
    /// own recursive rendering.
    public static let maxNestingDepth = 64

    /// What keeps this tree from compiling: nesting deeper than
    /// ``maxNestingDepth`` (measured with a loop, so even a tree a million
    /// deep is refused rather than crashing), then the first
    /// ``invalid(name:reason:)`` node.
    var compileError: QuarryError? {
        if let depth = depthBeyondLimit {
            return .invalidArgument(
                name: "filter",
                reason: "the expression nests \(depth)+ levels deep; at most \(Self.maxNestingDepth) are allowed")
        }
        return invalidity
    }

    /// `nil` when the tree is within ``maxNestingDepth``, else the depth at
    /// which the walk stopped.
    private var depthBeyondLimit: Int? {
        var pending: [(ExpressionNode, Int)] = [(self, 1)]
        while let (node, depth) = pending.popLast() {
            guard depth <= Self.maxNestingDepth else { return depth }
            for child in node.children { pending.append((child, depth + 1)) }
        }
        return nil
    }

    /// The nodes directly below this one; a chain's operands are all direct.
    private var children: [ExpressionNode] {
        switch self {
        case .column, .subquery, .exists, .value, .constant, .fullText, .invalid:
            return []
        case .binary(_, let op, _) where op == "AND" || op == "OR":
            return operands(of: op)
        case .binary(let lhs, _, let rhs), .integerArithmetic(let lhs, _, let rhs), .like(let lhs, let rhs, _, _):
            return [lhs, rhs]
        case .inSubquery(let node, _, _), .inList(let node, _, _), .not(let node), .isNull(let node, _), .datePart(_, let node),
            .distinctFunction(_, let node), .cast(let node, _), .jsonExtract(let node, _, _), .jsonExists(let node, _),
            .jsonContains(let node, _, _):
            return [node]
        case .function(_, let nodes), .row(let nodes), .rowInList(let nodes, _):
            return nodes
        case .between(let a, let b, let c):
            return [a, b, c]
        }
    }
}
