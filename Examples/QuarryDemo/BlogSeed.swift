// The blog's seed data (Seeds/blog.json) through QuarrySeeding: rows refer
// to each other by natural key (a post names its author by e-mail and its
// tags by name; a comment names its post by slug), go through each model's
// Create DTO (validated like a request body), and are written in one
// transaction; rows whose natural key exists are updated to the file's
// values, so loading twice changes nothing.

import Foundation
import Quarry
import QuarrySeeding

enum BlogSeed {
    static let seeds = SeedSet()
        .model(Author.self, section: "authors", naturalKey: \.email)
        .model(Tag.self, section: "tags", naturalKey: \.name)
        .model(Post.self, section: "posts", naturalKey: \.slug,
               references: [SeedReference("author", field: "authorID", to: "authors")],
               links: [SeedLink("tags", through: PostTag.self, from: \.postID, to: \.tagID, target: "tags")])
        .model(Comment.self, section: "comments", naturalKey: \.postID, \.authorName, \.body,
               references: [SeedReference("post", field: "postID", to: "posts")])

    static func load(_ file: URL, into db: Database) async throws -> SeedReport {
        try await Seeder(seeds).load([file], into: db)
    }
}
