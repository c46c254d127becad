import Foundation

/// Collects field failures while a DTO is decoded and checked; the checks
/// `@Model` generates call these rules.
///
/// ```swift
/// var failures = ValidationFailures()
/// failures.check(name, field: "name", maxLength: 80)
/// failures.check(age, field: "age", range: 0...150)
/// try failures.throwIfAny()
/// ```
public struct ValidationFailures: Sendable {
    /// The failures so far.
    public private(set) var failures: [FieldFailure] = []

    public init() {}

    public var isEmpty: Bool { failures.isEmpty }

    /// Records a failure.
    public mutating func add(_ field: String, _ message: String) {
        failures.append(FieldFailure(field: field, message: message))
    }

    /// Throws ``ValidationError`` when anything failed.
    public func throwIfAny() throws {
        if !failures.isEmpty { throw ValidationError(failures: failures) }
    }

    // MARK: - Decoding

    /// Decodes a field that must be present and not null.
    public mutating func required<Value: Decodable, Key: CodingKey>(
        _ type: Value.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
    ) -> Value? {
        guard container.contains(key) else {
            add(key.stringValue, "is required")
            return nil
        }
        if (try? container.decodeNil(forKey: key)) == true {
            add(key.stringValue, "must not be null")
            return nil
        }
        return decode(type, key, in: container)
    }

    /// Decodes a field that may be absent or null.
    public mutating func optional<Value: Decodable, Key: CodingKey>(
        _ type: Value.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
    ) -> Value? {
        guard container.contains(key), (try? container.decodeNil(forKey: key)) != true else { return nil }
        return decode(type, key, in: container)
    }

    /// Decodes a field that may be absent but, when present, not null.
    public mutating func nonNull<Value: Decodable, Key: CodingKey>(
        _ type: Value.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
    ) -> Value? {
        guard container.contains(key) else { return nil }
        return required(type, key, in: container)
    }

    /// Decodes a ``Patch``: absent, null, or a value.
    public mutating func patch<Value: Decodable & Sendable & Equatable, Key: CodingKey>(
        _ type: Value.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
    ) -> Patch<Value> {
        guard container.contains(key) else { return .absent }
        if (try? container.decodeNil(forKey: key)) == true { return .null }
        return decode(type, key, in: container).map(Patch.value) ?? .absent
    }

    private mutating func decode<Value: Decodable, Key: CodingKey>(
        _ type: Value.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
    ) -> Value? {
        do {
            return try container.decode(type, forKey: key)
        } catch {
            add(key.stringValue, "must be \(Self.describe(type))")
            return nil
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type: "an integer"
        case is Double.Type, is Float.Type, is Decimal.Type: "a number"
        case is Date.Type: "a date"
        case is UUID.Type: "a UUID"
        default: "a valid \(type)"
        }
    }

    // MARK: - Rules

    /// Text no longer than `maxLength` characters.
    public mutating func check(_ value: String?, field: String, maxLength: Int) {
        if let value, value.count > maxLength { add(field, "must be at most \(maxLength) characters") }
    }

    /// Text at least `minLength` characters long.
    public mutating func check(_ value: String?, field: String, minLength: Int) {
        if let value, value.count < minLength { add(field, "must be at least \(minLength) characters") }
    }

    /// Text that matches `pattern` (a regular expression) as a whole.
    public mutating func check(_ value: String?, field: String, pattern: String) {
        guard let value else { return }
        guard let regex = try? Regex(pattern) else {
            add(field, "has an invalid pattern rule \(pattern)")
            return
        }
        if (try? regex.wholeMatch(in: value)) == nil { add(field, "must match \(pattern)") }
    }

    /// Text shaped like an e-mail address.
    public mutating func check(_ value: String?, field: String, email: Bool) {
        guard email, let value else { return }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !value.contains(where: \.isWhitespace)
        if !valid { add(field, "must be an e-mail address") }
    }

    /// An integer within `range`.
    public mutating func check(_ value: (some BinaryInteger)?, field: String, range: ClosedRange<Double>) {
        if let value, !range.contains(Double(value)) { add(field, "must be between \(format(range))") }
    }

    /// A floating-point number within `range`.
    public mutating func check(_ value: (some BinaryFloatingPoint)?, field: String, range: ClosedRange<Double>) {
        if let value, !range.contains(Double(value)) { add(field, "must be between \(format(range))") }
    }

    /// A decimal within `range`.
    public mutating func check(_ value: Decimal?, field: String, range: ClosedRange<Double>) {
        if let value, !range.contains(NSDecimalNumber(decimal: value).doubleValue) {
            add(field, "must be between \(format(range))")
        }
    }

    private func format(_ range: ClosedRange<Double>) -> String {
        func text(_ bound: Double) -> String {
            bound == bound.rounded() && abs(bound) < 1e15 ? String(Int64(bound)) : String(bound)
        }
        return "\(text(range.lowerBound)) and \(text(range.upperBound))"
    }
}
