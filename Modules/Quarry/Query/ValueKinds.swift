import Foundation

/// Text values (`String`, `String?`): what the text operators accept.
public protocol TextValue {}
extension String: TextValue {}
extension Optional: TextValue where Wrapped == String {}

/// Numeric values, optional or not: what arithmetic accepts.
public protocol NumericValue {
    /// Whether the values are integers: their arithmetic is exact or an
    /// error on every database (SQLite would turn an overflow into a float).
    static var isInteger: Bool { get }
}
extension NumericValue {
    public static var isInteger: Bool { false }
}
extension Int: NumericValue { public static var isInteger: Bool { true } }
extension Int64: NumericValue { public static var isInteger: Bool { true } }
extension Int32: NumericValue { public static var isInteger: Bool { true } }
extension Int16: NumericValue { public static var isInteger: Bool { true } }
extension Double: NumericValue {}
extension Float: NumericValue {}
extension Decimal: NumericValue {}
extension Optional: NumericValue where Wrapped: NumericValue {
    public static var isInteger: Bool { Wrapped.isInteger }
}

/// Dates, optional or not: what `datePart` accepts.
public protocol DateValue {}
extension Date: DateValue {}
extension Optional: DateValue where Wrapped == Date {}
