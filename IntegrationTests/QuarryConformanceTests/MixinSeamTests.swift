import Foundation
import Quarry
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "articles")
struct Article: Timestamped, Equatable {
    @ID var id: Int64?
    var title: String
    var createdAt: Date?
    var updatedAt: Date?
}

@Suite("Mixins through protocols")
struct MixinSeamTests {
    @Test("a protocol with column requirements supplies hooks to every model that adopts it", arguments: TestDatabase.all)
    func timestamps(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Article.self)
            let article = try await Article.create(on: db, .init(title: "Hello"))
            let created = try #require(article.createdAt)
            let firstUpdate = try #require(article.updatedAt)
            try await Task.sleep(for: .milliseconds(5))
            let edited = try await article.update(on: db, .init(title: "Hello again"))
            #expect(edited.createdAt == created)
            #expect(try #require(edited.updatedAt) > firstUpdate)
        }
    }

    @Test("Patch literals set values")
    func patchLiterals() {
        let update = Author.Update(bio: "hello", karma: 3)
        #expect(update.bio == .value("hello"))
        #expect(update.karma == 3)
    }
}
