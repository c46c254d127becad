import Foundation

/// A JSON document: the value type of JSON columns.
///
/// Integers and floating-point numbers stay distinct so that `1` and `1.5`
/// both round-trip exactly, and an integer beyond `Int64`
/// (`18446744073709551616`) is a ``decimal(_:)``, so it is written back
/// unchanged rather than as a rounded double; object equality ignores key
/// order, as PostgreSQL's `jsonb` does.
///
/// ```swift
/// let profile: JSON = ["name": "Ada", "tags": ["math", "engines"], "age": 36]
/// let text = try profile.serialized()          // {"age":36,"name":"Ada",...}
/// let back = try JSON(parsing: text)           // == profile
/// ```
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// An integer outside `Int64`'s range, exactly, up to 38 digits
    /// (`Decimal`'s precision; JSON text cannot be re-read more exactly
    /// through `Codable`, so a longer integer still reads as a `double`).
    case decimal(Decimal)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}

extension JSON {
    /// Parses JSON text.
    ///
    /// - Throws: ``QuarryError/invalidValue(_:)`` when the text is not JSON.
    public init(parsing text: String) throws {
        do {
            self = try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
        } catch {
            throw QuarryError.invalidValue("not a JSON document: \(error)")
        }
    }

    /// The compact JSON text of this document, with object keys sorted.
    public func serialized() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    /// The member `key` of an object; `nil` for a missing key or a non-object.
    ///
    /// ```swift
    /// let title = event.data?["title"]      // JSON.string("draft")
    /// ```
    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

extension JSON: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            // An integer past Int64 as a double would change when written back: keep its digits.
            // (Int64 did not take it, so an integral value here is outside its range.)
            if value.rounded() == value, abs(value) < 1e38,
                let exact = try? container.decode(Decimal.self), exact.isWholeNumber
            {
                self = .decimal(exact)
            } else {
                self = .double(value)
            }
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSON: CustomStringConvertible {
    public var description: String { (try? serialized()) ?? "<invalid JSON>" }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSON {
    /// The text a database stores for this document.
    ///
    /// ```swift
    /// let text = try document.storedText()    // what the drivers bind
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidValue(_:)`` when a string or key holds
    ///   a NUL character, which PostgreSQL's jsonb cannot store (refused on
    ///   every database, so both behave alike).
    public func storedText() throws -> String {
        guard !containsNUL else {
            throw QuarryError.invalidValue("a JSON document cannot contain a NUL character (\\u0000) in a string or key")
        }
        return try serialized()
    }

    /// Whether a string or key anywhere in the document holds a NUL
    /// character (PostgreSQL's jsonb cannot store one).
    var containsNUL: Bool {
        switch self {
        case .null, .bool, .int, .double, .decimal: false
        case .string(let text): text.utf8.contains(0)
        case .array(let elements): elements.contains(where: \.containsNUL)
        case .object(let members): members.contains { $0.key.utf8.contains(0) || $0.value.containsNUL }
        }
    }
}

extension Decimal {
    /// No fractional part (`Decimal` has no `rounded()` of its own).
    fileprivate var isWholeNumber: Bool {
        var copy = self, rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        return rounded == self
    }
}
