import Foundation

// Concrete overloads for the column types models use most. Overload
// resolution prefers them to the generic `decode(_:)`, so a model's
// `init(row:)` reads `Int` and optional columns without going through
// `SQLValueConvertible` and `Optional`'s conditional conformance — which,
// unspecialised across modules, cost a generic-metadata lookup per value.

extension RowDecoder {
    /// Reads an `Int`.
    public mutating func decode(_ type: Int.Type) throws -> Int {
        try Int.decode(from: &self)
    }

    /// Reads an optional `Int`.
    public mutating func decode(_ type: Int?.Type) throws -> Int? {
        try decodeNil() ? nil : try Int.decode(from: &self)
    }

    /// Reads an optional `Int64`.
    public mutating func decode(_ type: Int64?.Type) throws -> Int64? {
        try decodeNil() ? nil : try decode(Int64.self)
    }

    /// Reads an optional `Double`.
    public mutating func decode(_ type: Double?.Type) throws -> Double? {
        try decodeNil() ? nil : try decode(Double.self)
    }

    /// Reads an optional `Bool`.
    public mutating func decode(_ type: Bool?.Type) throws -> Bool? {
        try decodeNil() ? nil : try decode(Bool.self)
    }

    /// Reads optional text.
    public mutating func decode(_ type: String?.Type) throws -> String? {
        try decodeNil() ? nil : try decode(String.self)
    }

    /// Reads an optional date.
    public mutating func decode(_ type: Date?.Type) throws -> Date? {
        try decodeNil() ? nil : try decode(Date.self)
    }

    /// Reads an optional UUID.
    public mutating func decode(_ type: UUID?.Type) throws -> UUID? {
        try decodeNil() ? nil : try decode(UUID.self)
    }
}
