/// A field of an `Update` DTO for a nullable column: left alone, set to
/// `NULL`, or set to a value. JSON: key missing, `null`, or a value.
///
/// ```swift
/// var update = Author.Update()
/// update.bio = .null            // clears the bio
/// update.bio = .value("Hello")  // sets it
/// update.bio = .absent          // leaves it as it is
/// ```
public enum Patch<Value: Sendable & Equatable>: Sendable, Equatable {
    case absent
    case null
    case value(Value)

    /// Applies the patch to `current`.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let value): value
        }
    }

    /// The value being set, if any.
    public var newValue: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension Patch: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension Patch: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral, ExpressibleByStringLiteral
where Value: ExpressibleByStringLiteral {
    /// `.init(bio: "text")` sets the value.
    public init(stringLiteral value: Value.StringLiteralType) { self = .value(Value(stringLiteral: value)) }
    public init(unicodeScalarLiteral value: Value.StringLiteralType) { self = .value(Value(stringLiteral: value)) }
    public init(extendedGraphemeClusterLiteral value: Value.StringLiteralType) {
        self = .value(Value(stringLiteral: value))
    }
}

extension Patch: ExpressibleByIntegerLiteral where Value: ExpressibleByIntegerLiteral {
    /// `.init(age: 37)` sets the value.
    public init(integerLiteral value: Value.IntegerLiteralType) { self = .value(Value(integerLiteral: value)) }
}
