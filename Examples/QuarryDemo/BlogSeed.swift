// Loads Seeds/blog.json: rows refer to each other by natural key (a post
// names its author by e-mail, its tags by name; a comment names its post by
// slug). Every row goes through its model's Create DTO, so seed data is
// validated like a request body; everything is written in one transaction;
// rows whose natural key exists already are left alone, so loading twice
// changes nothing. (The QuarrySeeding module will generalise this.)

import Foundation
import Quarry

enum BlogSeed {
    struct Summary: CustomStringConvertible {
        var inserted: [String: Int] = [:]
        var description: String {
            ["authors", "tags", "posts", "post_tags", "comments"].map { "\(inserted[$0, default: 0]) \($0)" }
                .joined(separator: ", ")
        }
    }

    struct SeedError: Error, CustomStringConvertible {
        var file: String
        var section: String
        var row: Int
        var message: String
        var description: String { "\(file): \(section)[\(row)]: \(message)" }
    }

    static func load(_ file: URL, into db: Database) async throws -> Summary {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        let name = file.lastPathComponent
        func rows(_ section: String) -> [[String: Any]] { root[section] as? [[String: Any]] ?? [] }
        func decode<T: Decodable>(_ type: T.Type, _ row: [String: Any], _ section: String, _ index: Int) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            do {
                return try decoder.decode(type, from: JSONSerialization.data(withJSONObject: row))
            } catch let error as ValidationError {
                let fields = error.failures.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
                throw SeedError(file: name, section: section, row: index, message: fields)
            }
        }
        func reference<M: FetchableModel>(
            _ model: M.Type, _ value: Any?, _ lookup: (String) async throws -> M?, _ section: String, _ index: Int
        ) async throws -> M {
            guard let key = value as? String, let found = try await lookup(key) else {
                throw SeedError(file: name, section: section, row: index, message: "no \(M.schema.name) named \(value ?? "nothing")")
            }
            return found
        }

        var summary = Summary()
        try await db.transaction { tx in
            for (index, row) in rows("authors").enumerated() {
                let create = try decode(Author.Create.self, row, "authors", index)
                guard try await Author.first(on: tx, \.email, equals: create.email) == nil else { continue }
                try await Author.create(on: tx, create)
                summary.inserted["authors", default: 0] += 1
            }
            for (index, row) in rows("tags").enumerated() {
                let create = try decode(Tag.Create.self, row, "tags", index)
                guard try await Tag.first(on: tx, \.name, equals: create.name) == nil else { continue }
                try await Tag.create(on: tx, create)
                summary.inserted["tags", default: 0] += 1
            }
            for (index, row) in rows("posts").enumerated() {
                let author = try await reference(Author.self, row["author"], { try await Author.first(on: tx, \.email, equals: $0) }, "posts", index)
                var fields = row.filter { $0.key != "author" && $0.key != "tags" }
                fields["authorID"] = author.id!
                let create = try decode(Post.Create.self, fields, "posts", index)
                guard try await Post.first(on: tx, \.slug, equals: create.slug) == nil else { continue }
                let post = try await Post.create(on: tx, create)
                summary.inserted["posts", default: 0] += 1
                for tagName in row["tags"] as? [String] ?? [] {
                    let tag = try await reference(Tag.self, tagName, { try await Tag.first(on: tx, \.name, equals: $0) }, "posts", index)
                    try await PostTag(postID: post.id!, tagID: tag.id!).insert(on: tx)
                    summary.inserted["post_tags", default: 0] += 1
                }
            }
            for (index, row) in rows("comments").enumerated() {
                let post = try await reference(Post.self, row["post"], { try await Post.first(on: tx, \.slug, equals: $0) }, "comments", index)
                var fields = row.filter { $0.key != "post" }
                fields["postID"] = post.id!
                let create = try decode(Comment.Create.self, fields, "comments", index)
                let existing = try await Comment.query
                    .filter { $0.postID == post.id! && $0.authorName == create.authorName && $0.body == create.body }.exists(on: tx)
                guard !existing else { continue }
                try await Comment.create(on: tx, create)
                summary.inserted["comments", default: 0] += 1
            }
        }
        return summary
    }
}
