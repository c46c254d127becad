import Vapor

// The JSON the Quarry demo answers: optional fields left out when nil.

struct AuthorResponse: Content {
    var id: Int64
    var email: String
    var name: String
    var bio: String?
    var joinedAt: String?

    init(_ author: Author) throws {
        id = try author.requireID()
        email = author.email
        name = author.name
        bio = author.bio
        joinedAt = iso8601(author.joinedAt)
    }
}

struct TagResponse: Content {
    var id: Int64
    var name: String
}

struct PostResponse: Content {
    var id: Int64
    var authorID: Int64
    var slug: String
    var title: String
    var body: String
    var status: String
    var views: Int64
    var publishedAt: String?
    var author: AuthorResponse?
    var tags: [TagResponse]?

    init(_ post: Post, author: AuthorResponse? = nil, tags: [TagResponse]? = nil) throws {
        id = try post.requireID()
        authorID = post.$author.id
        slug = post.slug
        title = post.title
        body = post.body
        status = post.status
        views = post.views
        publishedAt = iso8601(post.publishedAt)
        self.author = author
        self.tags = tags
    }
}

struct PostPage: Content {
    var items: [PostResponse]
    var nextCursor: String?
}

struct CommentCreate: Content, Validatable {
    var postID: Int64
    var authorName: String
    var body: String

    static func validations(_ validations: inout Validations) {
        validations.add("authorName", as: String.self, is: .count(1...80))
        validations.add("body", as: String.self, is: .count(1...2_000))
    }
}

struct CommentResponse: Content {
    var id: Int64
    var postID: Int64
    var authorName: String
    var body: String
    var createdAt: String?
}

struct PostPatch: Content {
    var title: String?
    var body: String?
    var status: String?
    var views: Int64?
}
