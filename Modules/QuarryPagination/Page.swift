/// One page of a cursor-paginated listing, ready to return from a route:
/// the items in the listing's order, and opaque cursors to the pages
/// around it.
///
/// ```swift
/// let page = try await paginator.page(on: db, after: request.cursor)
/// return page.map { try $0.response() }          // Page<Post.Response>, Codable
/// ```
public struct Page<Item> {
    public var items: [Item]
    /// Continues after the last item; `nil` when there is no next page.
    public var nextCursor: String?
    /// Continues before the first item; `nil` on the first page.
    public var previousCursor: String?

    public var hasNext: Bool { nextCursor != nil }
    public var hasPrevious: Bool { previousCursor != nil }

    public init(items: [Item], nextCursor: String?, previousCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
        self.previousCursor = previousCursor
    }

    /// The same page with each item transformed (to a response DTO, say).
    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), nextCursor: nextCursor, previousCursor: previousCursor)
    }
}

extension Page: Sendable where Item: Sendable {}
extension Page: Equatable where Item: Equatable {}

extension Page: Codable where Item: Codable {
    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, previousCursor, hasNext, hasPrevious
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Item].self, forKey: .items)
        nextCursor = try container.decodeIfPresent(String.self, forKey: .nextCursor)
        previousCursor = try container.decodeIfPresent(String.self, forKey: .previousCursor)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(previousCursor, forKey: .previousCursor)
        try container.encode(hasNext, forKey: .hasNext)
        try container.encode(hasPrevious, forKey: .hasPrevious)
    }
}
