extension QueryExpression {
    /// `count(…)`: the rows where the value is not `NULL`.
    ///
    /// ```swift
    /// Author.query.aggregate(on: db) { ($0.bio.count(), $0.status.countDistinct()) }
    /// ```
    public func count() -> SQLExpression<Int> { SQLExpression(.function("count", [node])) }

    /// `count(DISTINCT …)`.
    public func countDistinct() -> SQLExpression<Int> { SQLExpression(.distinctFunction("count", node)) }

    /// `min(…)`: `nil` for no rows.
    public func min() -> SQLExpression<Value?> { SQLExpression(.function("min", [node])) }

    /// `max(…)`: `nil` for no rows.
    public func max() -> SQLExpression<Value?> { SQLExpression(.function("max", [node])) }
}

extension QueryExpression where Value: NumericValue {
    /// `sum(…)`: `nil` for no rows.
    public func sum() -> SQLExpression<Value?> { SQLExpression(.function("sum", [node])) }

    /// `avg(…)` as a double: `nil` for no rows.
    public func avg() -> SQLExpression<Double?> {
        SQLExpression(.function("avg", [.cast(node, .double)]))
    }

    /// The sample standard deviation (`stddev_samp`; Quarry registers it on SQLite).
    public func stddev() -> SQLExpression<Double?> {
        SQLExpression(.function("stddev_samp", [.cast(node, .double)]))
    }

    /// The sample variance (`var_samp`; Quarry registers it on SQLite).
    public func variance() -> SQLExpression<Double?> {
        SQLExpression(.function("var_samp", [.cast(node, .double)]))
    }
}
