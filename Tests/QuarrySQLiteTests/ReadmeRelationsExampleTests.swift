import Foundation
import Quarry
import QuarrySQLite
import Testing

// The README's relationships example, kept compiling and true.

@Model(table: "writers")
private struct Writer {
    @ID var id: Int64?
    var name: String
    @HasMany(\Post.writerID) var posts: [Post]?
}

@Model(table: "posts")
private struct Post {
    @ID var id: Int64?
    @Column(.references(Writer.self, onDelete: .cascade)) var writerID: Int64
    var title: String
    var likes: Int = 0
    @BelongsTo var writer: Writer?
    @ManyToMany(through: PostTag.self) var tags: [Tag]?
}

@Model(table: "tags")
private struct Tag {
    @ID var id: Int64?
    @Column(.unique) var label: String
}

@Model(table: "post_tags")
private struct PostTag {
    @ID var id: Int64?
    @Column(.references(Post.self, onDelete: .cascade)) var postID: Int64
    @Column(.references(Tag.self, onDelete: .cascade)) var tagID: Int64
}

@Test("the README relationships example runs as documented")
func readmeRelationsExample() async throws {
    let db = try await Database.sqlite(.memory)
    try await db.createTables(Writer.self, Post.self, Tag.self, PostTag.self)
    let ada = try await Writer(name: "Ada").insert(on: db)
    try await Writer(name: "Alan").insert(on: db)
    let post = try await Post(writerID: ada.id!, title: "Engines", likes: 3).insert(on: db)
    let tags = try await Tag.insert([Tag(label: "swift"), Tag(label: "sql")], on: db)
    let (swift, sql) = (tags[0], tags[1])

    let (writers, prefetchStatements) = try await StatementCounter.count {
        try await Writer.query.order { $0.name }
            .prefetch(\.posts) { $0.filter { $0.likes > 0 }.order { $0.likes.desc() }.prefetch(\.tags) }
            .all(on: db)
    }
    #expect(writers[0].posts?.first?.tags?.isEmpty == true)
    #expect(writers[1].posts?.isEmpty == true)

    let added = try await post.attach(\.tags, [swift, sql], on: db)
    let again = try await post.attach(\.tags, [swift], on: db)
    let byAda = try await Post.filter { $0.writer.name == "Ada" }.order { $0.writer.name }.all(on: db)
    let tagged = try await Writer.filter { $0.posts.any { $0.tags.any { $0.label == "swift" } } }.all(on: db)
    let counts = try await Writer.query.order { $0.name }.withCount(\.posts, on: db)
    let (_, statements) = try await StatementCounter.count { try await Post.query.prefetch(\.writer).all(on: db) }

    #expect(prefetchStatements == 3)
    #expect(added == 2 && again == 0)
    #expect(byAda.map(\.title) == ["Engines"])
    #expect(tagged.map(\.name) == ["Ada"])
    #expect(counts.map(\.1) == [1, 0])
    #expect(statements == 2)
    await db.close()
}
