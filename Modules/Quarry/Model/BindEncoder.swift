/// Receives a model's column values, in column order: the bind side of the
/// seam between `@Model` and the drivers.
///
/// ```swift
/// func encode(into binds: inout some BindEncoder) {
///     binds.encode(id)
///     binds.encode(email)
/// }
/// ```
public protocol BindEncoder {
    /// Appends the next column's value.
    mutating func encode(_ value: some SQLValueConvertible)
}

/// A ``BindEncoder`` that collects the values.
public struct SQLValueEncoder: BindEncoder {
    /// The values received so far.
    public private(set) var values: [SQLValue] = []

    public init(capacity: Int = 0) {
        values.reserveCapacity(capacity)
    }

    public mutating func encode(_ value: some SQLValueConvertible) {
        values.append(value.sqlValue)
    }
}
