// Comparison operators on typed expressions. Each has two forms: against a
// Swift value (sent as a bind) and against another expression of the same
// type. Comparing with `nil` compiles to `IS NULL` / `IS NOT NULL`.

/// Equal (`IS NULL` for `nil`).
///
/// ```swift
/// Author.filter { $0.email == "ada@x.io" }
/// ```
public func == <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    let value = rhs.sqlValue
    return value.isNull ? Condition(.isNull(lhs.node, negated: false)) : Condition(.binary(lhs.node, "=", .value(value)))
}

/// Not equal (`IS NOT NULL` for `nil`).
public func != <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    let value = rhs.sqlValue
    return value.isNull ? Condition(.isNull(lhs.node, negated: true)) : Condition(.binary(lhs.node, "<>", .value(value)))
}

public func < <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    Condition(.binary(lhs.node, "<", .value(rhs.sqlValue)))
}

public func <= <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    Condition(.binary(lhs.node, "<=", .value(rhs.sqlValue)))
}

public func > <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    Condition(.binary(lhs.node, ">", .value(rhs.sqlValue)))
}

public func >= <E: QueryExpression>(lhs: E, rhs: E.Value) -> Condition where E.Value: SQLValueConvertible {
    Condition(.binary(lhs.node, ">=", .value(rhs.sqlValue)))
}

/// Column-to-column (or expression) equality, Django's `F()` comparisons.
///
/// ```swift
/// Author.filter { $0.karma == $0.bonus }
/// ```
public func == <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, "=", rhs.node))
}

public func != <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, "<>", rhs.node))
}

public func < <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, "<", rhs.node))
}

public func <= <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, "<=", rhs.node))
}

public func > <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, ">", rhs.node))
}

public func >= <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> Condition where L.Value == R.Value {
    Condition(.binary(lhs.node, ">=", rhs.node))
}

// MARK: - Arithmetic (Django's F expressions)

/// ```swift
/// Author.filter { $0.karma + 1 > 10 }
/// ```
public func + <E: QueryExpression>(lhs: E, rhs: E.Value) -> SQLExpression<E.Value>
where E.Value: NumericValue & SQLValueConvertible {
    SQLExpression(arithmetic(lhs.node, "+", .value(rhs.sqlValue), integer: E.Value.isInteger))
}

public func - <E: QueryExpression>(lhs: E, rhs: E.Value) -> SQLExpression<E.Value>
where E.Value: NumericValue & SQLValueConvertible {
    SQLExpression(arithmetic(lhs.node, "-", .value(rhs.sqlValue), integer: E.Value.isInteger))
}

public func * <E: QueryExpression>(lhs: E, rhs: E.Value) -> SQLExpression<E.Value>
where E.Value: NumericValue & SQLValueConvertible {
    SQLExpression(arithmetic(lhs.node, "*", .value(rhs.sqlValue), integer: E.Value.isInteger))
}

public func + <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> SQLExpression<L.Value>
where L.Value == R.Value, L.Value: NumericValue {
    SQLExpression(arithmetic(lhs.node, "+", rhs.node, integer: L.Value.isInteger))
}

public func - <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> SQLExpression<L.Value>
where L.Value == R.Value, L.Value: NumericValue {
    SQLExpression(arithmetic(lhs.node, "-", rhs.node, integer: L.Value.isInteger))
}

public func * <L: QueryExpression, R: QueryExpression>(lhs: L, rhs: R) -> SQLExpression<L.Value>
where L.Value == R.Value, L.Value: NumericValue {
    SQLExpression(arithmetic(lhs.node, "*", rhs.node, integer: L.Value.isInteger))
}

/// Integer arithmetic goes through the dialect's exact form.
private func arithmetic(_ lhs: ExpressionNode, _ op: String, _ rhs: ExpressionNode, integer: Bool) -> ExpressionNode {
    integer ? .integerArithmetic(lhs, op, rhs) : .binary(lhs, op, rhs)
}
