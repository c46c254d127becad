import HTTPTypes
import Hummingbird

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
}

/// One page of a listing: the items and the opaque cursors around them.
public struct ListPage<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    public var items: [Item]
    /// Pass as `after` for the next page; `nil` on the last page.
    public var nextCursor: String?
    /// Pass as `before` for the previous page; `nil` on the first page.
    public var previousCursor: String?
}
