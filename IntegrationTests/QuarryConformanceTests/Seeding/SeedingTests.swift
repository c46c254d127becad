import Foundation
import Quarry
import QuarrySeeding
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Model(table: "seed_authors")
struct SeedAuthor {
    @ID var id: Int64?
    @Column(.unique, .email) var email: String
    @Column(.maxLength(40)) var name: String
    var bio: String?
}

@Model(table: "seed_tags")
struct SeedTag {
    @ID var id: Int64?
    @Column(.unique) var name: String
}

@Model(table: "seed_posts")
struct SeedPost {
    @ID var id: Int64?
    @Column(.references(SeedAuthor.self, onDelete: .cascade)) var authorID: Int64
    @Column(.unique) var slug: String
    @Column(.maxLength(60)) var title: String
    var views: Int = 0
    var publishedAt: Date?
}

@Model(table: "seed_post_tags")
struct SeedPostTag {
    @ID var id: Int64?
    @Column(.references(SeedPost.self, onDelete: .cascade)) var postID: Int64
    @Column(.references(SeedTag.self, onDelete: .cascade)) var tagID: Int64
}

private let seeds = SeedSet()
    .model(SeedPost.self, section: "posts", naturalKey: \.slug,
           references: [SeedReference("author", field: "authorID", to: "authors")],
           links: [SeedLink("tags", through: SeedPostTag.self, from: \.postID, to: \.tagID, target: "tags")])
    .model(SeedAuthor.self, section: "authors", naturalKey: \.email)
    .model(SeedTag.self, section: "tags", naturalKey: \.name)

private let authorsYAML = """
    authors:
      - email: ada@example.com
        name: Ada Lovelace
        bio: Engines, analytical and otherwise.
      - email: grace@example.com
        name: Grace Hopper
    tags:
      - name: history
      - name: swift
    """

private let postsJSON = """
    {
      "posts": [
        {"slug": "engine", "author": "ada@example.com", "title": "Notes on the Engine", "views": 12,
         "publishedAt": "2026-09-14T09:00:00Z", "tags": ["history"]},
        {"slug": "nanosecond", "author": "grace@example.com", "title": "A nanosecond", "tags": ["history", "swift"]}
      ]
    }
    """

/// Writes seed files into a directory of the test's own.
private func seedFiles(_ files: [String: String]) throws -> [URL] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-seeds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try files.keys.sorted().map { name in
        let url = directory.appendingPathComponent(name)
        try files[name]!.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

private func counts(_ db: Database) async throws -> [Int] {
    [try await SeedAuthor.count(on: db), try await SeedTag.count(on: db), try await SeedPost.count(on: db), try await SeedPostTag.count(on: db)]
}

private func expectRefused(_ files: [URL], _ db: Database, _ expected: SeedError) async throws {
    await #expect(throws: expected) { try await Seeder(seeds).load(files, into: db) }
    #expect(try await counts(db) == [0, 0, 0, 0], "nothing written")
}

@Suite("QuarrySeeding: JSON and YAML seed files, natural keys, one transaction")
struct SeedingTests {
    @Test("loads in dependency order with references and links; loading again changes nothing; an edited value is updated",
          arguments: TestDatabase.all)
    func idempotent(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), idempotentScenario)
    }

    @Test("a broken reference, an invalid or unknown field, an unknown section: the file, row and field named, nothing written",
          arguments: TestDatabase.all)
    func refused(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), refusedScenario)
    }
}

private func idempotentScenario(_ db: Database) async throws {
    try await db.createTables(SeedAuthor.self, SeedTag.self, SeedPost.self, SeedPostTag.self)
    let files = try seedFiles(["authors.yaml": authorsYAML, "posts.json": postsJSON])
    let progress = ProgressLog()
    let first = try await Seeder(seeds).load(files, into: db, progress: progress.record)
    #expect(first.sections.map(\.name) == ["authors", "tags", "posts"], "dependencies first")
    #expect(first["authors"].inserted == 2 && first["tags"].inserted == 2 && first["posts"].inserted == 2)
    #expect(progress.last == [6, 6])
    #expect(try await counts(db) == [2, 2, 2, 3])
    let engine = try #require(try await SeedPost.first(on: db, \.slug, equals: "engine"))
    let ada = try #require(try await SeedAuthor.first(on: db, \.email, equals: "ada@example.com"))
    #expect(engine.authorID == ada.id && engine.views == 12)
    #expect(engine.publishedAt == ISO8601DateFormatter().date(from: "2026-09-14T09:00:00Z"))

    let second = try await Seeder(seeds).load(files, into: db)
    #expect(second.changes == 0, "\(second)")
    #expect(second["posts"].unchanged == 2)
    #expect(try await counts(db) == [2, 2, 2, 3])

    let edited = try seedFiles(["authors.yaml": authorsYAML.replacingOccurrences(of: "Grace Hopper", with: "Rear Admiral Hopper"),
                                "posts.json": postsJSON])
    let third = try await Seeder(seeds).load(edited, into: db)
    #expect(third["authors"].updated == 1 && third["authors"].unchanged == 1 && third.changes == 1)
    #expect(try await SeedAuthor.first(on: db, \.email, equals: "grace@example.com")?.name == "Rear Admiral Hopper")
    #expect(try await counts(db) == [2, 2, 2, 3])
}

private func refusedScenario(_ db: Database) async throws {
    try await db.createTables(SeedAuthor.self, SeedTag.self, SeedPost.self, SeedPostTag.self)
    let brokenReference = postsJSON.replacingOccurrences(of: "\"author\": \"grace@example.com\"", with: "\"author\": \"nobody@example.com\"")
    try await expectRefused(try seedFiles(["authors.yaml": authorsYAML, "posts.json": brokenReference]), db, SeedError(
        file: "posts.json", section: "posts", row: 1, field: "author",
        message: "no authors row with email \"nobody@example.com\""))

    let brokenLink = postsJSON.replacingOccurrences(of: "[\"history\", \"swift\"]", with: "[\"history\", \"cobol\"]")
    try await expectRefused(try seedFiles(["authors.yaml": authorsYAML, "posts.json": brokenLink]), db, SeedError(
        file: "posts.json", section: "posts", row: 1, field: "tags", message: "no tags row with name \"cobol\""))

    let invalid = authorsYAML.replacingOccurrences(of: "grace@example.com", with: "not-an-email")
    await #expect(throws: SeedError.self) { try await Seeder(seeds).load(try seedFiles(["authors.yaml": invalid]), into: db) }
    do {
        try await Seeder(seeds).load(try seedFiles(["authors.yaml": invalid, "posts.json": postsJSON]), into: db)
        Issue.record("an invalid e-mail was loaded")
    } catch let error as SeedError {
        #expect(error.file == "authors.yaml" && error.section == "authors" && error.row == 1 && error.field == "email", "\(error)")
    }

    let unknownField = postsJSON.replacingOccurrences(of: "\"views\": 12", with: "\"veiws\": 12")
    try await expectRefused(try seedFiles(["authors.yaml": authorsYAML, "posts.json": unknownField]), db, SeedError(
        file: "posts.json", section: "posts", row: 0, field: "veiws", message: "is not a field of posts"))

    try await expectRefused(try seedFiles(["authors.yaml": authorsYAML + "\ncomments:\n  - body: hi\n"]), db, SeedError(
        file: "authors.yaml", section: "comments", message: "is not a registered section (known: authors, posts, tags)"))

    await #expect(throws: SeedError.self) { try await Seeder(seeds).load(try seedFiles(["broken.json": "{\"authors\": ["]), into: db) }
    await #expect(throws: SeedError.self) { try await Seeder(seeds).load(try seedFiles(["authors.txt": authorsYAML]), into: db) }
    #expect(try await counts(db) == [0, 0, 0, 0])
}

/// Progress callbacks, kept.
private final class ProgressLog: Sendable {
    private let calls = Mutex<[[Int]]>([])
    var last: [Int]? { calls.withLock { $0.last } }
    var record: @Sendable (Int, Int) -> Void {
        { done, total in self.calls.withLock { $0.append([done, total]) } }
    }
}

private let authorFactory = Factory<SeedAuthor>(seed: 7) { fake, _ in
    let name = fake.fullName()
    return SeedAuthor(email: fake.email(for: name), name: name, bio: fake.bool(0.5) ? fake.sentence() : nil)
}

private let postFactory = Factory<SeedPost>(seed: 11) { fake, index in
    SeedPost(authorID: 0, slug: fake.slug(), title: fake.sentence(words: 2...5), views: fake.int(in: 0...5_000),
             publishedAt: fake.date(from: Date(timeIntervalSince1970: 1_767_225_600), to: Date(timeIntervalSince1970: 1_798_761_600)))
}

@Suite("QuarrySeeding factories: deterministic fake data and relationship graphs")
struct FactoryTests {
    @Test("the same seed builds the same rows; another seed other rows")
    func deterministic() {
        let first = authorFactory.count(5).make()
        let again = authorFactory.count(5).make()
        #expect(first.map(\.email) == again.map(\.email) && first.map(\.name) == again.map(\.name))
        #expect(Set(first.map(\.email)).count == 5, "unique addresses")
        #expect(authorFactory.count(5).seed(8).make().map(\.email) != first.map(\.email))
        var fake = Fake(seed: 1)
        var same = Fake(seed: 1)
        #expect((0..<20).map { _ in fake.next() } == (0..<20).map { _ in same.next() })
        #expect(fake.uuid() == same.uuid())
    }

    @Test("count(3).with(posts, count: 4): 3 authors and 12 posts linked to them, in one transaction, the same on every database",
          arguments: TestDatabase.all)
    func graph(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), graphScenario)
    }
}

private func graphScenario(_ db: Database) async throws {
    try await db.createTables(SeedAuthor.self, SeedTag.self, SeedPost.self, SeedPostTag.self)
    let authors = try await authorFactory.count(3).with(postFactory, count: 4, linkedBy: \.authorID).create(on: db)
    #expect(authors.count == 3 && authors.allSatisfy { $0.id != nil })
    #expect(try await SeedPost.count(on: db) == 12)
    for author in authors {
        #expect(try await SeedPost.filter { $0.authorID == author.id! }.count(on: db) == 4)
    }
    #expect(authors.map(\.email) == authorFactory.count(3).make().map(\.email), "the rows the seed describes")

    // A failing child rolls the whole graph back.
    let broken = Factory<SeedPost>(seed: 3) { _, _ in SeedPost(authorID: 0, slug: "same-slug", title: "Twice") }
    await #expect(throws: QuarryError.self) {
        _ = try await authorFactory.seed(99).count(1).with(broken, count: 2, linkedBy: \.authorID).create(on: db)
    }
    #expect(try await SeedAuthor.count(on: db) == 3, "the author of the failed graph was rolled back")
}

extension Blogger: FactoryProvider {
    static let factory = Factory<Blogger>(seed: 3) { fake, _ in Blogger(name: fake.fullName(), karma: fake.int(in: 0...100)) }
}

extension BlogEntry: FactoryProvider {
    static let factory = Factory<BlogEntry>(seed: 4) { fake, _ in BlogEntry(bloggerID: 0, title: fake.sentence(words: 2...4)) }
}

extension Bio: FactoryProvider {
    static let factory = Factory<Bio>(seed: 5) { fake, _ in Bio(bloggerID: 0, text: fake.paragraph()) }
}

@Suite("QuarrySeeding factories through relations: Model.factory.with(\\.relation, count:)")
struct RelationFactoryTests {
    @Test("Blogger.factory.count(3).with(\\.entries, count: 4).with(\\.bio): children linked by the relations' own foreign keys",
          arguments: TestDatabase.all)
    func relations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), relationScenario)
    }
}

private func relationScenario(_ db: Database) async throws {
    try await db.createTables(Blogger.self, Bio.self, BlogEntry.self)
    let bloggers = try await Blogger.factory.count(3).with(\.entries, count: 4).with(\.bio).create(on: db)
    #expect(try await BlogEntry.count(on: db) == 12)
    #expect(try await Bio.count(on: db) == 3)
    let loaded = try await Blogger.query.prefetch(\.entries).prefetch(\.bio).all(on: db)
    for blogger in loaded {
        #expect(blogger.entries?.count == 4, "\(blogger.name)")
        #expect(blogger.bio?.bloggerID == blogger.id)
    }
    #expect(Set(loaded.map(\.id)) == Set(bloggers.map(\.id)))
}
