import Foundation

/// Text values (`String`, `String?`): what the text operators accept.
public protocol TextValue {}
extension String: TextValue {}
extension Optional: TextValue where Wrapped == String {}

/// Numeric values, optional or not: what arithmetic accepts.
public protocol NumericValue {}
extension Int: NumericValue {}
extension Int64: NumericValue {}
extension Int32: NumericValue {}
extension Int16: NumericValue {}
extension Double: NumericValue {}
extension Float: NumericValue {}
extension Decimal: NumericValue {}
extension Optional: NumericValue where Wrapped: NumericValue {}

/// Dates, optional or not: what `datePart` accepts.
public protocol DateValue {}
extension Date: DateValue {}
extension Optional: DateValue where Wrapped == Date {}
