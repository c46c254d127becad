import Foundation
import Quarry

/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), held as JSON.
///
/// ```swift
/// let schema = try JSONSchema.infer(Author.Create.self)   // properties, required, nullability
/// let id = JSONSchema.of(Int64.self)                      // {"type": "integer", "format": "int64"}
/// ```
public struct JSONSchema: Sendable, Hashable {
    /// The schema object.
    public var json: JSON

    /// A schema from its JSON.
    public init(_ json: JSON) {
        self.json = json
    }

    /// Any value (`{}`).
    public static let any = JSONSchema([:])

    /// The schema of a scalar Swift type as Hummingbird's JSON coder writes
    /// it; `{}` for a type it does not know.
    public static func of(_ type: Any.Type) -> JSONSchema {
        scalar(type) ?? .any
    }

    /// The same schema that also admits `null`.
    public var nullable: JSONSchema {
        guard case .object(var object) = json else { return self }
        switch object["type"] {
        case .string(let type)?:
            object["type"] = .array([.string(type), .string("null")])
        case .array(let types)? where !types.contains(.string("null")):
            object["type"] = .array(types + [.string("null")])
        case nil where object["$ref"] != nil:
            return JSONSchema(["anyOf": [json, ["type": "null"]]])
        default:
            break
        }
        return JSONSchema(.object(object))
    }

    /// An array of `items`.
    public static func array(of items: JSONSchema) -> JSONSchema {
        JSONSchema(["type": "array", "items": items.json])
    }

    /// An object with `properties` (in order) of which `required` must be present.
    public static func object(_ properties: [(String, JSONSchema)], required: [String]) -> JSONSchema {
        var object: [String: JSON] = ["type": "object", "properties": .object(Dictionary(properties.map { ($0.0, $0.1.json) }) { $1 })]
        if !required.isEmpty { object["required"] = .array(required.map(JSON.string)) }
        return JSONSchema(.object(object))
    }

    /// A reference to a component schema (`#/components/schemas/name`).
    public static func reference(_ name: String) -> JSONSchema {
        JSONSchema(["$ref": .string("#/components/schemas/\(name)")])
    }

    static func scalar(_ type: Any.Type) -> JSONSchema? {
        let id = ObjectIdentifier(type)
        let integers: [Any.Type] = [Int.self, Int64.self, UInt.self, UInt64.self]
        let smallIntegers: [Any.Type] = [Int8.self, Int16.self, Int32.self, UInt8.self, UInt16.self, UInt32.self]
        if id == ObjectIdentifier(String.self) { return JSONSchema(["type": "string"]) }
        if id == ObjectIdentifier(Bool.self) { return JSONSchema(["type": "boolean"]) }
        if integers.contains(where: { ObjectIdentifier($0) == id }) { return JSONSchema(["type": "integer", "format": "int64"]) }
        if smallIntegers.contains(where: { ObjectIdentifier($0) == id }) { return JSONSchema(["type": "integer", "format": "int32"]) }
        if id == ObjectIdentifier(Double.self) { return JSONSchema(["type": "number", "format": "double"]) }
        if id == ObjectIdentifier(Float.self) { return JSONSchema(["type": "number", "format": "float"]) }
        if id == ObjectIdentifier(Decimal.self) { return JSONSchema(["type": "number"]) }
        if id == ObjectIdentifier(Date.self) { return JSONSchema(["type": "string", "format": "date-time"]) }
        if id == ObjectIdentifier(UUID.self) { return JSONSchema(["type": "string", "format": "uuid"]) }
        if id == ObjectIdentifier(URL.self) { return JSONSchema(["type": "string", "format": "uri"]) }
        if id == ObjectIdentifier(Data.self) { return JSONSchema(["type": "string", "contentEncoding": "base64"]) }
        if id == ObjectIdentifier(JSON.self) { return .any }
        return nil
    }
}
