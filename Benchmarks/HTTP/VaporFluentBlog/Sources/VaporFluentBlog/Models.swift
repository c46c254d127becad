import Fluent
import Vapor

// The demo blog's tables as Fluent models. Dates are `Stamp`s: the stored
// text on SQLite (`2023-11-16 16:13:20.000000`, Quarry's SQLite format), a
// timestamptz on PostgreSQL; printed as ISO 8601 in whole seconds.

final class Author: Model, @unchecked Sendable {
    static let schema = "authors"
    @ID(custom: .id, generatedBy: .database) var id: Int64?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @OptionalField(key: "bio") var bio: String?
    @OptionalField(key: "joined_at") var joinedAt: Stamp?
    init() {}
}

final class Tag: Model, @unchecked Sendable {
    static let schema = "tags"
    @ID(custom: .id, generatedBy: .database) var id: Int64?
    @Field(key: "name") var name: String
    init() {}
}

final class PostTag: Model, @unchecked Sendable {
    static let schema = "post_tags"
    @ID(custom: .id, generatedBy: .database) var id: Int64?
    @Parent(key: "post_id") var post: Post
    @Parent(key: "tag_id") var tag: Tag
    init() {}
}

final class Post: Model, @unchecked Sendable {
    static let schema = "posts"
    @ID(custom: .id, generatedBy: .database) var id: Int64?
    @Parent(key: "author_id") var author: Author
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "status") var status: String
    @Field(key: "views") var views: Int64
    @OptionalField(key: "published_at") var publishedAt: Stamp?
    @Siblings(through: PostTag.self, from: \.$post, to: \.$tag) var tags: [Tag]
    init() {}
}

final class Comment: Model, @unchecked Sendable {
    static let schema = "comments"
    @ID(custom: .id, generatedBy: .database) var id: Int64?
    @Field(key: "post_id") var postID: Int64
    @Field(key: "author_name") var authorName: String
    @Field(key: "body") var body: String
    @OptionalField(key: "created_at") var createdAt: Stamp?
    init() {}
}

/// A timestamp column as each database holds it: Quarry's SQLite text
/// (`2023-11-16 16:13:20.123000`, UTC) or a PostgreSQL timestamptz.
enum Stamp: Codable, Sendable {
    case text(String)
    case date(Date)

    /// Now, in the form `database` stores.
    static func now(onPostgres: Bool) -> Stamp {
        onPostgres ? .date(Date()) : .text(storedTimestamp(Date()))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let date = try? container.decode(Date.self) { self = .date(date) } else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .date(let date): try container.encode(date)
        }
    }
}

/// `2023-11-16 16:13:20.000000` or a `Date` → `2023-11-16T16:13:20Z`.
func iso8601(_ stamp: Stamp?) -> String? {
    switch stamp {
    case .text(let stored)?:
        guard stored.count >= 19 else { return nil }
        return String(stored.prefix(10)) + "T" + String(stored.dropFirst(11).prefix(8)) + "Z"
    case .date(let date)?:
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    case nil:
        return nil
    }
}

/// `date` in the stored text format: `2023-11-16 16:13:20.123000`, UTC.
func storedTimestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let milliseconds = Int((date.timeIntervalSince1970 - Double(seconds)) * 1_000)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let fraction = String(milliseconds + 1_000).dropFirst()
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)000"
}
