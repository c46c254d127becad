import Foundation

/// A result row read into values, addressed by column name or index.
///
/// Convenient for raw SQL and tests; model queries decode positionally
/// instead and never build a `Row`.
///
/// ```swift
/// let rows = try await db.fetchAll("SELECT id, name FROM authors")
/// let name: String = try rows[0].decode("name")
/// let id = rows[0]["id"]                         // SQLValue
/// ```
public struct Row: RowDecodable, Sendable, Hashable {
    /// The column names, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLValue]

    /// Creates a row from names and values of the same count.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one name per value")
        self.columns = columns
        self.values = values
    }

    public init(row: inout some RowDecoder) throws {
        var values: [SQLValue] = []
        values.reserveCapacity(row.columnCount)
        while row.currentIndex < row.columnCount {
            values.append(try row.decodeValue())
        }
        self.columns = row.columnNames
        self.values = values
    }

    /// The value of the first column named `column`, or `nil` if there is none.
    public subscript(column: String) -> SQLValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    /// The value at `index`.
    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of `column`, converted.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` when no column
    ///   has that name, or the conversion's error.
    public func decode<Value: SQLValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let index = columns.firstIndex(of: column) else {
            throw QuarryError.invalidArgument(name: "column", reason: "the row has no column named \(column)")
        }
        return try decode(at: index, as: type)
    }

    /// The value at `index`, converted.
    public func decode<Value: SQLValueConvertible>(at index: Int, as type: Value.Type = Value.self) throws -> Value {
        guard values.indices.contains(index) else {
            throw QuarryError.invalidArgument(name: "index", reason: "the row has \(values.count) columns, not \(index + 1)")
        }
        do {
            return try Value(sqlValue: values[index])
        } catch QuarryError.typeMismatch(_, let expected, let found) {
            throw QuarryError.typeMismatch(column: columns[index], expected: expected, found: found)
        } catch QuarryError.unexpectedNull {
            throw QuarryError.unexpectedNull(column: columns[index])
        }
    }
}
