import HTTPTypes
import Hummingbird
import Quarry

/// Any `Encodable` value as a JSON response body (the models' DTOs are
/// Codable but not Hummingbird response types).
///
/// ```swift
/// router.get("/authors/:id") { _, context in JSONResponse(try author.response()) }
/// ```
public struct JSONResponse<Value: Encodable & Sendable>: ResponseEncodable, Sendable {
    /// What is encoded.
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The body written straight from a value that writes its own JSON (the
    /// models' Response DTOs) when the context's encoder would write the
    /// same; through the context's encoder otherwise.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        if let response = try JSONBody.response(value, context: context) { return response }
        return try context.responseEncoder.encode(self, from: request, context: context)
    }
}

/// One page of a listing: the items and the opaque cursors around them.
public struct ListPage<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    public var items: [Item]
    /// Pass as `after` for the next page; `nil` on the last page.
    public var nextCursor: String?
    /// Pass as `before` for the previous page; `nil` on the first page.
    public var previousCursor: String?

    /// A page of items and its cursors.
    ///
    /// ```swift
    /// router.get("/recent") { _, _ in ListPage(items: try recent.map { try $0.response() }) }
    /// ```
    public init(items: [Item], nextCursor: String? = nil, previousCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
        self.previousCursor = previousCursor
    }

    /// The body written straight from the items when they write their own
    /// JSON (see ``JSONResponse``); through the context's encoder otherwise.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        if let response = try JSONBody.response(self, context: context) { return response }
        return try context.responseEncoder.encode(self, from: request, context: context)
    }
}

extension ListPage: JSONValueWritable, JSONObjectWritable where Item: JSONValueWritable {
    public func writeJSONMembers(into writer: inout JSONWriter) throws {
        try writer.field("items", items)
        try writer.optionalField("nextCursor", nextCursor)
        try writer.optionalField("previousCursor", previousCursor)
    }
}
