import Foundation
import GraphQL
import OrderedCollections
import Quarry

/// A fetched row as GraphQL resolvers see it: the model (for its loaded
/// relations) and its Response DTO as JSON (for its fields), encoded once.
struct GraphQLRow: @unchecked Sendable {
    // @unchecked Sendable: `model` is a Sendable model stored as `Any` to
    // erase its type; it is never mutated.
    let model: Any
    let fields: [String: JSON]

    /// A field's value as a GraphQL scalar (`nil` for null).
    func value(of name: String) -> (any Sendable)? {
        Self.scalar(fields[name] ?? .null)
    }

    static func scalar(_ json: JSON) -> (any Sendable)? {
        switch json {
        case .null: nil
        case .bool(let value): value
        case .int(let value): Int(value)
        case .double(let value): value
        case .decimal(let value): value.description
        case .string(let value): value
        case .array, .object: (try? json.serialized()) ?? ""
        }
    }
}

extension JSON {
    /// A GraphQL `Map` (an argument's value) as JSON.
    init(map: Map) {
        switch map {
        case .undefined, .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let number):
            let double = number.doubleValue
            self = double.rounded() == double && abs(double) < 9e15 ? .int(Int64(double)) : .double(double)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(JSON.init(map:)))
        case .dictionary(let members):
            self = .object(Dictionary(members.filter { !$0.value.isUndefined }.map { ($0.key, JSON(map: $0.value)) }) { $1 })
        }
    }
}
