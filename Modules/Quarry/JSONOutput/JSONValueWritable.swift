import Foundation

/// A value that writes itself into a ``JSONWriter`` — the same JSON its
/// `Encodable` conformance gives under `JSONEncoder` with `.iso8601` dates.
/// Strings, integers, `Bool`, `Double`/`Float`, `Date`, `UUID`, `Decimal`,
/// `Data`, ``JSON``, arrays and optionals of these, and every generated
/// `Response` DTO conform.
///
/// ```swift
/// extension Money: JSONValueWritable {
///     public func writeJSON(into writer: inout JSONWriter) throws { writer.number(text: "\(cents)") }
/// }
/// ```
public protocol JSONValueWritable: Encodable {
    func writeJSON(into writer: inout JSONWriter) throws
}

extension String: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.string(self) }
}

extension Bool: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.bool(self) }
}

extension Int: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension Int64: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension Int32: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension Int16: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension Int8: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt64: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt32: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt16: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt8: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.integer(self) }
}

extension Double: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) throws { try writer.number(self) }
}

extension Float: JSONValueWritable {
    /// As `JSONEncoder` writes a `Float`: its own shortest digits (`0.1`, not `0.10000000149011612`).
    public func writeJSON(into writer: inout JSONWriter) throws {
        guard isFinite else { return try writer.number(Double(self)) }
        writer.number(text: description)
    }
}

extension Decimal: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.number(text: description) }
}

extension Date: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.date(self) }
}

extension UUID: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.string(uuidString) }
}

extension Data: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) { writer.string(base64EncodedString()) }
}

extension JSON: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) throws {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.integer(value)
        case .double(let value): try writer.number(value)
        case .decimal(let value): writer.number(text: value.description)
        case .string(let value): writer.string(value)
        case .array(let values):
            writer.beginArray()
            for value in values { try value.writeJSON(into: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for (key, value) in members {
                writer.key(key)
                try value.writeJSON(into: &writer)
            }
            writer.endObject()
        }
    }
}

extension Optional: JSONValueWritable where Wrapped: JSONValueWritable {
    /// `null` for `nil` (an optional inside an array); an optional member is
    /// left out instead (`JSONWriter.optionalField`).
    public func writeJSON(into writer: inout JSONWriter) throws {
        if let self { try self.writeJSON(into: &writer) } else { writer.null() }
    }
}

extension Array: JSONValueWritable where Element: JSONValueWritable {
    public func writeJSON(into writer: inout JSONWriter) throws {
        writer.beginArray()
        for element in self { try element.writeJSON(into: &writer) }
        writer.endArray()
    }
}

/// An object whose members a ``JSONWriter`` can write one after another —
/// so that a wrapper (an API response with included relations) can add
/// members before the object is closed. The `@Model` macro makes every
/// `Response` DTO one.
///
/// ```swift
/// writer.beginObject()
/// try post.response().writeJSONMembers(into: &writer)
/// try writer.field("tags", tags)
/// writer.endObject()
/// ```
public protocol JSONObjectWritable: JSONValueWritable {
    /// Writes the members, without the braces.
    func writeJSONMembers(into writer: inout JSONWriter) throws
}

extension JSONObjectWritable {
    public func writeJSON(into writer: inout JSONWriter) throws {
        writer.beginObject()
        try writeJSONMembers(into: &writer)
        writer.endObject()
    }
}
