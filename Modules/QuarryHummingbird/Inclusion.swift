import Quarry

/// One relation a ``CRUDRouter`` can include in its responses on request
/// (`?include=posts`): how to prefetch it, how to encode it, and how to
/// describe it in the OpenAPI document.
struct Inclusion<M: ColumnSet>: Sendable {
    /// Adds the relation's prefetch to a query (one statement per level).
    let prefetch: @Sendable (Query<M>) -> Query<M>
    /// The loaded relation of a row as the related rows' Response DTOs.
    let value: @Sendable (M) throws -> any Encodable & Sendable
    /// Adds the related model's schema to a document; the property's schema.
    let document: @Sendable (OpenAPIDocument) -> JSONSchema
}

/// A model's Response DTO with the relations the request asked for as
/// extra keys (`{"id": 1, "name": "Ada", "posts": [...]}`).
public struct IncludedResponse<Response: Encodable & Sendable>: Encodable, Sendable {
    /// The row's own fields.
    public var base: Response
    /// Included relations by name.
    public var included: [(name: String, value: any Encodable & Sendable)]

    /// A row's Response with relations added under their names.
    ///
    /// ```swift
    /// IncludedResponse(base: try post.response(), included: [("tags", try tags.map { try $0.response() })])
    /// ```
    public init(base: Response, included: [(name: String, value: any Encodable & Sendable)]) {
        self.base = base
        self.included = included
    }

    public func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        guard !included.isEmpty else { return }
        var container = encoder.container(keyedBy: NameKey.self)
        for (name, value) in included {
            try container.encode(value, forKey: NameKey(stringValue: name))
        }
    }

    fileprivate struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension IncludedResponse: JSONValueWritable, JSONObjectWritable where Response: JSONObjectWritable {
    /// The row's members, then each included relation's (written by its own
    /// writer when it has one — an array or optional of Response DTOs).
    public func writeJSONMembers(into writer: inout JSONWriter) throws {
        try base.writeJSONMembers(into: &writer)
        for (name, value) in included {
            writer.key(name)
            if let writable = value as? any JSONValueWritable {
                try writable.writeJSON(into: &writer)
            } else {
                try writer.encoded(value)
            }
        }
    }
}
