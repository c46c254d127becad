// The blog's models: one @Model struct per table gives the schema, the
// Create/Update/Response DTOs the API speaks, and the typed queries.

import Foundation
import Quarry

/// A post's stage; a query parameter too (`?status=published`).
enum PostStatus: String, ColumnRepresentable, CaseIterable, LosslessStringConvertible {
    case draft, published, archived

    init?(_ description: String) { self.init(rawValue: description) }
    var description: String { rawValue }
}

@Model(table: "authors")
struct Author {
    @ID var id: Int64?
    @Column(.unique, .email) var email: String
    @Column(.maxLength(80)) var name: String
    @Column(.maxLength(500)) var bio: String?
    @Column(.defaultNow) var joinedAt: Date?
    @HasMany(\Post.authorID) var posts: [Post]?
}

@Model(table: "posts")
struct Post {
    @ID var id: Int64?
    @Column(.references(Author.self, onDelete: .cascade), .indexed) var authorID: Int64
    @Column(.unique, .pattern("[a-z0-9-]{3,80}")) var slug: String
    @Column(.maxLength(200)) var title: String
    var body: String
    var status: PostStatus = .draft
    var views: Int = 0
    var publishedAt: Date?
    @BelongsTo var author: Author?
    @HasMany(\Comment.postID) var comments: [Comment]?
    @ManyToMany(through: PostTag.self) var tags: [Tag]?
}

@Model(table: "tags")
struct Tag {
    @ID var id: Int64?
    @Column(.unique, .maxLength(40)) var name: String
    @ManyToMany(through: PostTag.self) var posts: [Post]?
}

@Model(table: "post_tags")
struct PostTag {
    @ID var id: Int64?
    @Column(.references(Post.self, onDelete: .cascade), .indexed) var postID: Int64
    @Column(.references(Tag.self, onDelete: .cascade), .indexed) var tagID: Int64
}

@Model(table: "comments")
struct Comment {
    @ID var id: Int64?
    @Column(.references(Post.self, onDelete: .cascade), .indexed) var postID: Int64
    @Column(.maxLength(80)) var authorName: String
    @Column(.maxLength(2000)) var body: String
    @Column(.defaultNow) var createdAt: Date?
    @BelongsTo var post: Post?
}

/// Every model, for migrations and the CLI.
let blogModels: [any FetchableModel.Type] = [Author.self, Post.self, Tag.self, PostTag.self, Comment.self]
