import Foundation
import Quarry

extension JSONSchema {
    /// Infers the schema of a `Decodable` type by decoding it from a probe
    /// that answers every question and records what the type asked for:
    /// each key and its type, which keys must be present (the probe asks
    /// again with every key absent) and which may be `null` (again with
    /// every value `null`). Works for the DTOs `@Model` generates, for
    /// synthesized `Codable` types, and for `CaseIterable` enums (their
    /// raw values become `enum`).
    ///
    /// ```swift
    /// let create = try JSONSchema.infer(Author.Create.self)
    /// ```
    public static func infer(_ type: any Decodable.Type) -> JSONSchema {
        SchemaProbe.describe(type, depth: 0).schema
    }
}

/// How a probe answers `contains` and `decodeNil`.
private enum ProbePass {
    /// Every key present, nothing null: records the keys and their types.
    case types
    /// Every key absent: a validating DTO names the required ones.
    case absent
    /// Every value null: a validating DTO names the non-nullable ones.
    case null
}

/// What a probe learnt about one decoded value.
private final class ProbeRecord {
    enum Shape {
        case unknown
        case scalar(JSONSchema)
        case object([(key: String, schema: JSONSchema, ifPresent: Bool)])
        case array(JSONSchema)
    }

    var shape = Shape.unknown
    /// Keys the type asked `contains` about (validating DTOs do; synthesized `decode` does not).
    var askedPresence: Set<String> = []
    /// Keys the type asked `decodeNil` about.
    var askedNull: Set<String> = []

    func add(_ key: String, _ schema: JSONSchema, ifPresent: Bool) {
        guard case .object(var fields) = shape else { return }
        if let index = fields.firstIndex(where: { $0.key == key }) {
            fields[index] = (key, schema, ifPresent && fields[index].ifPresent)
        } else {
            fields.append((key, schema, ifPresent))
        }
        shape = .object(fields)
    }
}

enum SchemaProbe {
    static let maximumDepth = 8

    /// The schema of `type` and a value of it to hand back to the decoding
    /// parent (`nil` when none could be made).
    static func describe(_ type: any Decodable.Type, depth: Int) -> (schema: JSONSchema, value: Any?) {
        if let scalar = JSONSchema.scalar(type) { return (scalar, placeholder(type)) }
        guard depth < maximumDepth else { return (.any, nil) }
        let record = ProbeRecord()
        var value: Any?
        do {
            value = try type.init(from: ProbeDecoder(pass: .types, record: record, depth: depth))
        } catch {
            if let (schema, first) = enumeration(type) { return (schema, first) }
        }
        switch record.shape {
        case .unknown: return (.any, value)
        case .scalar(let schema): return (schema, value)
        case .array(let items): return (.array(of: items), value)
        case .object(let fields):
            let required = requiredKeys(type, fields, depth: depth)
            let nullable = nullableKeys(type, fields, depth: depth)
            let properties = fields.map { field in
                (field.key, nullable.contains(field.key) ? field.schema.nullable : field.schema)
            }
            return (.object(properties, required: fields.map(\.key).filter(required.contains)), value)
        }
    }

    /// Keys that must be present: those a decode with every key absent
    /// refused ("is required"), and those read with a plain `decode`
    /// without asking whether they are present (synthesized `Codable`).
    private static func requiredKeys(
        _ type: any Decodable.Type, _ fields: [(key: String, schema: JSONSchema, ifPresent: Bool)], depth: Int
    ) -> Set<String> {
        let (failures, record) = probe(type, pass: .absent, depth: depth)
        let refused = Set(failures.filter { $0.message == "is required" }.map(\.field))
        let unchecked = Set(fields.filter { !$0.ifPresent && !record.askedPresence.contains($0.key) }.map(\.key))
        return refused.union(unchecked)
    }

    /// Keys that accept `null`: read with `decodeIfPresent`, or asked about
    /// with `decodeNil` and not refused ("must not be null") by a decode
    /// with every value null.
    private static func nullableKeys(
        _ type: any Decodable.Type, _ fields: [(key: String, schema: JSONSchema, ifPresent: Bool)], depth: Int
    ) -> Set<String> {
        let (failures, record) = probe(type, pass: .null, depth: depth)
        let refused = Set(failures.filter { $0.message == "must not be null" }.map(\.field))
        let optional = Set(fields.filter(\.ifPresent).map(\.key))
        return optional.union(record.askedNull.subtracting(refused))
    }

    /// Decodes `type` in `pass`: the validation failures it reported and what it asked.
    private static func probe(_ type: any Decodable.Type, pass: ProbePass, depth: Int) -> ([FieldFailure], ProbeRecord) {
        let record = ProbeRecord()
        do {
            _ = try type.init(from: ProbeDecoder(pass: pass, record: record, depth: depth))
            return ([], record)
        } catch let error as ValidationError {
            return (error.failures, record)
        } catch {
            return ([], record)
        }
    }

    /// A `CaseIterable` enum's raw values as `enum`, and its first case.
    private static func enumeration(_ type: any Decodable.Type) -> (JSONSchema, Any?)? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        let cases = allCases(iterable)
        let raws: [Any] = cases.compactMap { value in
            guard let representable = value as? any RawRepresentable else { return nil }
            return rawValue(representable)
        }
        let values: [JSON] = raws.compactMap { raw -> JSON? in
            if let text = raw as? String { return .string(text) }
            if let number = raw as? Int { return .int(Int64(number)) }
            return nil
        }
        guard !values.isEmpty else { return nil }
        let kind: JSON = values.allSatisfy { if case .string = $0 { true } else { false } } ? "string" : "integer"
        return (JSONSchema(["type": kind, "enum": .array(values)]), cases.first)
    }

    private static func allCases<T: CaseIterable>(_ type: T.Type) -> [Any] { Array(type.allCases) }
    private static func rawValue<T: RawRepresentable>(_ value: T) -> Any { value.rawValue }

    /// A value of a scalar type the probe hands back.
    static func placeholder(_ type: Any.Type) -> Any? {
        let values: [Any] = [
            "", false, 0 as Int, 0 as Int64, 0 as Int32, 0 as Int16, 0 as Int8, 0 as UInt, 0 as UInt64, 0 as UInt32,
            0 as UInt16, 0 as UInt8, 0.0 as Double, 0 as Float, Decimal(0), Date(timeIntervalSince1970: 0),
            UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), URL(string: "https://example.com")!, Data(),
            JSON.null,
        ]
        return values.first { Swift.type(of: $0) == type }
    }
}

private struct ProbeDecoder: Decoder {
    let pass: ProbePass
    let record: ProbeRecord
    let depth: Int
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .unknown = record.shape { record.shape = .object([]) }
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        ProbeUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(decoder: self)
    }

    /// Describes `type` one level deeper and returns a value of it.
    func value<T: Decodable>(_ type: T.Type) throws -> (JSONSchema, T) {
        let (schema, value) = SchemaProbe.describe(type, depth: depth + 1)
        guard let typed = value as? T else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "probe: no value of \(T.self)"))
        }
        return (schema, typed)
    }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool {
        decoder.record.askedPresence.insert(key.stringValue)
        return decoder.pass != .absent
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.record.askedNull.insert(key.stringValue)
        return decoder.pass == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decode(type, key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try decodeIfPresent(type, key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeIfPresent(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeIfPresent(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeIfPresent(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decodeIfPresent(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decodeIfPresent(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try decodeIfPresent(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try decodeIfPresent(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decodeIfPresent(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeIfPresent(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decodeIfPresent(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decodeIfPresent(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try decodeIfPresent(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try decodeIfPresent(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decodeIfPresent(type as UInt64.Type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        do {
            let (schema, value) = try decoder.value(type)
            decoder.record.add(key.stringValue, schema, ifPresent: false)
            return value
        } catch {
            decoder.record.add(key.stringValue, SchemaProbe.describe(type, depth: decoder.depth + 1).schema, ifPresent: false)
            throw error
        }
    }

    private func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let (schema, value) = SchemaProbe.describe(type, depth: decoder.depth + 1)
        decoder.record.add(key.stringValue, schema, ifPresent: true)
        return decoder.pass == .types ? value as? T : nil
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = ProbeRecord()
        decoder.record.add(key.stringValue, .object([], required: []), ifPresent: false)
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(decoder: ProbeDecoder(pass: .types, record: nested, depth: decoder.depth + 1)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        decoder.record.add(key.stringValue, .array(of: .any), ifPresent: false)
        return ProbeUnkeyedContainer(decoder: ProbeDecoder(pass: .types, record: ProbeRecord(), depth: decoder.depth + 1))
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
}

private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    init(decoder: ProbeDecoder) {
        self.decoder = decoder
        if case .unknown = decoder.record.shape { decoder.record.shape = .array(.any) }
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }

    private mutating func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        let (schema, value) = try decoder.value(type)
        decoder.record.shape = .array(schema)
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(decoder: ProbeDecoder(pass: .types, record: ProbeRecord(), depth: decoder.depth + 1)))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return ProbeUnkeyedContainer(decoder: ProbeDecoder(pass: .types, record: ProbeRecord(), depth: decoder.depth + 1))
    }

    mutating func superDecoder() throws -> any Decoder { decoder }
}

private struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
    func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
    func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
    func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try decoder.value(type)
        if case .unknown = decoder.record.shape { decoder.record.shape = .scalar(schema) }
        return value
    }
}
