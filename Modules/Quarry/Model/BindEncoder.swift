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
package struct SQLValueEncoder: BindEncoder {
    /// The values received so far.
    public private(set) var values: [SQLValue] = []

    public init(capacity: Int = 0) {
        values.reserveCapacity(capacity)
    }

    public mutating func encode(_ value: some SQLValueConvertible) {
        values.append(value.sqlValue)
    }
}

/// A ``BindEncoder`` that keeps the value of one column and skips the
/// rest: one column of a model without an array of all of them.
@usableFromInline
struct ColumnValueEncoder: BindEncoder {
    /// The column kept, by position in `schema.columns`.
    @usableFromInline let index: Int
    /// Its value, once `encode(into:)` reached it.
    @usableFromInline private(set) var value: SQLValue = .null
    @usableFromInline var position = 0

    @inlinable
    init(index: Int) {
        self.index = index
    }

    @inlinable
    mutating func encode(_ value: some SQLValueConvertible) {
        if position == index { self.value = value.sqlValue }
        position += 1
    }
}

extension FetchableModel {
    /// The value of the column at `index` of `schema.columns`.
    @inlinable
    func columnValue(at index: Int) -> SQLValue {
        var encoder = ColumnValueEncoder(index: index)
        encode(into: &encoder)
        return encoder.value
    }
}
