import Foundation

/// A ``RowDecoder`` over values in memory: rebuilds a model from its
/// column values (a cache entry, a copy with a new key) without a database.
///
/// ```swift
/// var encoder = SQLValueEncoder()
/// author.encode(into: &encoder)
/// var row = ValuesRowDecoder(values: encoder.values, columnNames: Author.schema.columns.map(\.name))
/// let copy = try Author(row: &row)
/// ```
public struct ValuesRowDecoder: RowDecoder {
    public let values: [SQLValue]
    public let columnNames: [String]
    public private(set) var currentIndex = 0

    public init(values: [SQLValue], columnNames: [String]) {
        self.values = values
        self.columnNames = columnNames
    }

    public var columnCount: Int { values.count }

    private mutating func next<Value: SQLValueConvertible>(_ type: Value.Type) throws -> Value {
        guard currentIndex < values.count else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(values.count) columns")
        }
        let value = values[currentIndex]
        if value.isNull { throw QuarryError.unexpectedNull(column: currentColumnName) }
        let decoded = try Value(sqlValue: value)
        currentIndex += 1
        return decoded
    }

    public mutating func decodeNil() throws -> Bool {
        guard currentIndex < values.count else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(values.count) columns")
        }
        guard values[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    public mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    public mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    public mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    public mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    public mutating func decode(_ type: [UInt8].Type) throws -> [UInt8] { try next(type) }
    public mutating func decode(_ type: Date.Type) throws -> Date { try next(type) }
    public mutating func decode(_ type: UUID.Type) throws -> UUID { try next(type) }
    public mutating func decode(_ type: Decimal.Type) throws -> Decimal { try next(type) }
    public mutating func decode(_ type: JSON.Type) throws -> JSON { try next(type) }

    public mutating func decodeValue() throws -> SQLValue {
        guard currentIndex < values.count else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has only \(values.count) columns")
        }
        defer { currentIndex += 1 }
        return values[currentIndex]
    }
}
