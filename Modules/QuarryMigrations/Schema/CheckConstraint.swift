/// A `CHECK` constraint: a named SQL condition every row must satisfy.
///
/// ```swift
/// CheckConstraint("ck_products_price", "price >= 0")
/// ```
public struct CheckConstraint: Sendable, Hashable {
    public var name: String
    /// The condition, in SQL both databases accept.
    public var expression: String

    public init(_ name: String, _ expression: String) {
        self.name = name
        self.expression = expression
    }
}
