/// Something that can appear in a query with a Swift type: a column, a
/// value, or an expression built from them.
///
/// ```swift
/// Author.filter { $0.karma + 1 > $0.bonus && $0.name.lower() == "ada" }
/// ```
public protocol QueryExpression<Value>: Sendable {
    /// The Swift type of the expression's value.
    associatedtype Value
    /// The expression's syntax tree.
    var node: ExpressionNode { get }
}

/// An expression computed from columns and values.
public struct SQLExpression<Value>: QueryExpression {
    public let node: ExpressionNode

    init(_ node: ExpressionNode) {
        self.node = node
    }

    /// A value as an expression (a bind).
    ///
    /// ```swift
    /// SQLExpression(10) + $0.karma
    /// ```
    public init(_ value: Value) where Value: SQLValueConvertible {
        node = .value(value.sqlValue)
    }
}

extension Column: QueryExpression {
    public var node: ExpressionNode { .column(table: table, name: name) }
}

/// A boolean condition: what `filter` and `having` take.
public typealias Condition = SQLExpression<Bool>

extension QueryExpression {
    /// This expression as SQL for `dialect` (values as binds), for code that
    /// builds its own statements around the DSL.
    ///
    /// ```swift
    /// let sql = (Author.columns.karma > 3).sql(for: db.dialect)   // ("authors"."karma" > ?)
    /// ```
    public func sql(for dialect: some SQLDialect) -> SQL {
        node.render(dialect)
    }
}

extension SQLExpression where Value == Bool {
    /// A condition that always holds (`1 = 1`) or never does.
    public static func constant(_ value: Bool) -> Condition { Condition(.constant(value)) }
}

// MARK: - Boolean logic

/// Both conditions hold.
public func && (lhs: Condition, rhs: Condition) -> Condition {
    Condition(.binary(lhs.node, "AND", rhs.node))
}

/// Either condition holds.
public func || (lhs: Condition, rhs: Condition) -> Condition {
    Condition(.binary(lhs.node, "OR", rhs.node))
}

/// The condition does not hold (NULL stays unknown, as in SQL).
public prefix func ! (predicate: Condition) -> Condition {
    Condition(.not(predicate.node))
}
