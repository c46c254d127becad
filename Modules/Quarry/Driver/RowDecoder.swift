import Foundation

/// A positional reader over one result row, implemented by each driver.
///
/// Each `decode` reads the current column and moves to the next; nothing is
/// looked up by name and nothing is allocated per column beyond the value
/// itself. Decoding `NULL` into a non-optional throws
/// ``QuarryError/unexpectedNull(column:)``.
///
/// ```swift
/// struct User: RowDecodable {
///     var id: Int64, name: String, bio: String?
///     init(row: inout some RowDecoder) throws {
///         id = try row.decode(Int64.self)
///         name = try row.decode(String.self)
///         bio = try row.decode(String?.self)
///     }
/// }
/// ```
public protocol RowDecoder {
    /// The number of columns in the row.
    var columnCount: Int { get }
    /// The index of the column the next `decode` reads.
    var currentIndex: Int { get }
    /// The result's column names, shared by every row of one result.
    var columnNames: [String] { get }

    /// Returns `true` and moves on when the current column is `NULL`;
    /// returns `false` and stays put otherwise.
    mutating func decodeNil() throws -> Bool
    /// Reads an integer.
    mutating func decode(_ type: Int64.Type) throws -> Int64
    /// Reads a double (an integer column converts).
    mutating func decode(_ type: Double.Type) throws -> Double
    /// Reads a boolean.
    mutating func decode(_ type: Bool.Type) throws -> Bool
    /// Reads text.
    mutating func decode(_ type: String.Type) throws -> String
    /// Reads bytes.
    mutating func decode(_ type: [UInt8].Type) throws -> [UInt8]
    /// Reads a date.
    mutating func decode(_ type: Date.Type) throws -> Date
    /// Reads a UUID.
    mutating func decode(_ type: UUID.Type) throws -> UUID
    /// Reads an exact decimal.
    mutating func decode(_ type: Decimal.Type) throws -> Decimal
    /// Reads a JSON document.
    mutating func decode(_ type: JSON.Type) throws -> JSON
    /// Reads the column as the value kind the database reports.
    mutating func decodeValue() throws -> SQLValue
}

extension RowDecoder {
    /// Reads any convertible value, optionals included.
    ///
    /// ```swift
    /// let karma = try row.decode(Int.self)
    /// let bio = try row.decode(String?.self)
    /// ```
    @inlinable
    public mutating func decode<Value: SQLValueConvertible>(_ type: Value.Type) throws -> Value {
        try Value.decode(from: &self)
    }

    /// The name of the current column, for error messages.
    public var currentColumnName: String {
        currentIndex < columnNames.count ? columnNames[currentIndex] : "#\(currentIndex)"
    }
}
