import Foundation

/// A Swift type stored in one column.
///
/// Conformances convert to and from ``SQLValue`` (for binds and dynamic rows)
/// and read themselves from a ``RowDecoder`` (the positional fast path).
///
/// ```swift
/// enum Status: String, SQLValueConvertible { case active, banned }  // via RawRepresentable
/// try await db.execute("UPDATE users SET status = \(Status.banned)")
/// ```
public protocol SQLValueConvertible: Sendable {
    /// This value as a bind.
    var sqlValue: SQLValue { get }
    /// Converts a database value.
    ///
    /// - Throws: ``QuarryError/typeMismatch(column:expected:found:)`` or
    ///   ``QuarryError/unexpectedNull(column:)``; the column is named `"?"`
    ///   here and filled in by the caller that knows it.
    init(sqlValue: SQLValue) throws
    /// Reads this value from the decoder's current column.
    static func decode(from row: inout some RowDecoder) throws -> Self
}

extension SQLValueConvertible {
    /// The default decoding: read the column's value and convert it.
    public static func decode(from row: inout some RowDecoder) throws -> Self {
        let column = row.currentColumnName
        let value = try row.decodeValue()
        do {
            return try Self(sqlValue: value)
        } catch QuarryError.typeMismatch(_, let expected, let found) {
            throw QuarryError.typeMismatch(column: column, expected: expected, found: found)
        } catch QuarryError.unexpectedNull {
            throw QuarryError.unexpectedNull(column: column)
        }
    }
}

@usableFromInline
func mismatch(_ expected: String, _ value: SQLValue) -> QuarryError {
    if value.isNull { return .unexpectedNull(column: "?") }
    return .typeMismatch(column: "?", expected: expected, found: value.kindName)
}

extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
    public init(sqlValue: SQLValue) { self = sqlValue }
    public static func decode(from row: inout some RowDecoder) throws -> SQLValue { try row.decodeValue() }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }

    public init(sqlValue: SQLValue) throws {
        self = sqlValue.isNull ? nil : try Wrapped(sqlValue: sqlValue)
    }

    public static func decode(from row: inout some RowDecoder) throws -> Wrapped? {
        try row.decodeNil() ? nil : try Wrapped.decode(from: &row)
    }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .int(let value): self = value
        case .bool(let value): self = value ? 1 : 0
        // PostgreSQL's sum() of bigint is numeric: accept it when integral.
        case .decimal(let value):
            let integer = NSDecimalNumber(decimal: value).int64Value
            guard Decimal(integer) == value else { throw mismatch("integer", sqlValue) }
            self = integer
        default: throw mismatch("integer", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> Int64 { try row.decode(Int64.self) }
}

/// Narrower integers check their range: a value that does not fit is a
/// type mismatch, never a silent truncation.
extension FixedWidthInteger where Self: SQLValueConvertible {
    fileprivate static func narrowed(_ value: Int64) throws -> Self {
        guard let result = Self(exactly: value) else {
            throw QuarryError.typeMismatch(column: "?", expected: "\(Self.self)", found: "integer \(value)")
        }
        return result
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = try .narrowed(try Int64(sqlValue: sqlValue)) }
    public static func decode(from row: inout some RowDecoder) throws -> Int {
        #if arch(x86_64) || arch(arm64)
        // Every Int64 fits: no narrowing to check, no column name to keep.
        return Int(truncatingIfNeeded: try row.decode(Int64.self))
        #else
        let column = row.currentColumnName
        return try renaming(column) { try .narrowed(try row.decode(Int64.self)) }
        #endif
    }
}

extension Int32: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = try .narrowed(try Int64(sqlValue: sqlValue)) }
    public static func decode(from row: inout some RowDecoder) throws -> Int32 {
        let column = row.currentColumnName
        return try renaming(column) { try .narrowed(try row.decode(Int64.self)) }
    }
}

extension Int16: SQLValueConvertible {
    public var sqlValue: SQLValue { .int(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = try .narrowed(try Int64(sqlValue: sqlValue)) }
    public static func decode(from row: inout some RowDecoder) throws -> Int16 {
        let column = row.currentColumnName
        return try renaming(column) { try .narrowed(try row.decode(Int64.self)) }
    }
}

/// Runs `body`, naming `column` in the type errors it throws.
private func renaming<T>(_ column: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch QuarryError.typeMismatch(_, let expected, let found) {
        throw QuarryError.typeMismatch(column: column, expected: expected, found: found)
    }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .double(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        default: throw mismatch("double", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> Double { try row.decode(Double.self) }
}

extension Float: SQLValueConvertible {
    public var sqlValue: SQLValue { .double(Double(self)) }
    public init(sqlValue: SQLValue) throws { self = Float(try Double(sqlValue: sqlValue)) }
    public static func decode(from row: inout some RowDecoder) throws -> Float { Float(try row.decode(Double.self)) }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .bool(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .bool(let value): self = value
        case .int(let value) where value == 0 || value == 1: self = value == 1
        default: throw mismatch("bool", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> Bool { try row.decode(Bool.self) }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }

    public init(sqlValue: SQLValue) throws {
        guard case .text(let value) = sqlValue else { throw mismatch("text", sqlValue) }
        self = value
    }

    public static func decode(from row: inout some RowDecoder) throws -> String { try row.decode(String.self) }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    public var sqlValue: SQLValue { .blob(self) }

    public init(sqlValue: SQLValue) throws {
        guard case .blob(let value) = sqlValue else { throw mismatch("blob", sqlValue) }
        self = value
    }

    public static func decode(from row: inout some RowDecoder) throws -> [UInt8] { try row.decode([UInt8].self) }
}

extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(Array(self)) }
    public init(sqlValue: SQLValue) throws { self = Data(try [UInt8](sqlValue: sqlValue)) }
    public static func decode(from row: inout some RowDecoder) throws -> Data { Data(try row.decode([UInt8].self)) }
}

extension Date: SQLValueConvertible {
    public var sqlValue: SQLValue { .date(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .date(let value): self = value
        case .text(let text):
            guard let value = SQLTimestamp.parse(text) else { throw mismatch("date", sqlValue) }
            self = value
        default: throw mismatch("date", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> Date { try row.decode(Date.self) }
}

extension UUID: SQLValueConvertible {
    public var sqlValue: SQLValue { .uuid(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .uuid(let value): self = value
        case .blob(let bytes) where bytes.count == 16:
            self = UUID(uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        case .text(let text):
            guard let value = UUID(uuidString: text) else { throw mismatch("uuid", sqlValue) }
            self = value
        default: throw mismatch("uuid", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> UUID { try row.decode(UUID.self) }
}

extension Decimal: SQLValueConvertible {
    public var sqlValue: SQLValue { .decimal(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .decimal(let value): self = value
        case .int(let value): self = Decimal(value)
        case .text(let text):
            guard let value = try Decimal.exactIfNumber(text) else { throw mismatch("decimal", sqlValue) }
            self = value
        default: throw mismatch("decimal", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> Decimal { try row.decode(Decimal.self) }
}

extension JSON: SQLValueConvertible {
    public var sqlValue: SQLValue { .json(self) }

    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .json(let value): self = value
        case .text(let text): self = try JSON(parsing: text)
        default: throw mismatch("json", sqlValue)
        }
    }

    public static func decode(from row: inout some RowDecoder) throws -> JSON { try row.decode(JSON.self) }
}

extension RawRepresentable where Self: SQLValueConvertible, RawValue: SQLValueConvertible {
    /// Enums backed by strings or integers store their raw value.
    public var sqlValue: SQLValue { rawValue.sqlValue }

    public init(sqlValue: SQLValue) throws {
        let raw = try RawValue(sqlValue: sqlValue)
        guard let value = Self(rawValue: raw) else {
            throw QuarryError.typeMismatch(column: "?", expected: "\(Self.self)", found: "\(raw)")
        }
        self = value
    }

    public static func decode(from row: inout some RowDecoder) throws -> Self {
        let column = row.currentColumnName
        let raw = try RawValue.decode(from: &row)
        guard let value = Self(rawValue: raw) else {
            throw QuarryError.typeMismatch(column: column, expected: "\(Self.self)", found: "\(raw)")
        }
        return value
    }
}
