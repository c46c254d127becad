import Foundation
import Quarry
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Relationships: prefetching without N+1")
struct RelationPrefetchTests {
    @Test("1,000 parents × 10 children: exactly 2 statements, 3 for two levels", arguments: TestDatabase.all)
    func statementCounts(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), statementCountScenario)
    }

    @Test("not loaded is nil, loaded and empty is [] or nil with isLoaded", arguments: TestDatabase.all)
    func loadedState(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), loadedStateScenario)
    }

    @Test("belongs-to, has-one and has-many load the right rows", arguments: TestDatabase.all)
    func kinds(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), kindsScenario)
    }

    @Test("a prefetch takes its own filter, order and nested prefetch", arguments: TestDatabase.all)
    func configured(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), configuredScenario)
    }

    @Test("a self-referential tree prefetches parents and children", arguments: TestDatabase.all)
    func tree(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), treePrefetchScenario)
    }

    @Test("IN lists are chunked to the database's bind limit", arguments: TestDatabase.all)
    func chunked(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), chunkScenario)
    }

    @Test("a relation that cannot work is a typed error when used", arguments: TestDatabase.all)
    func badDeclarations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), badDeclarationScenario)
    }
}

/// A junction-less model whose many-to-many cannot be resolved: no column
/// of `follows` refers to `fans`.
@Model(table: "fans")
struct Fan {
    @ID var id: Int64?
    var name: String
    @ManyToMany(through: Follow.self) var idols: [Blogger]?
}

/// 1,000 bloggers with 10 entries each, entries 0 and 1 of each with a reply.
private func seedThousand(_ db: Database) async throws -> [Blogger] {
    let bloggers = try await Blogger.insert((0..<1_000).map { Blogger(name: "b\($0)", karma: $0) }, on: db)
    let entries = try await BlogEntry.insert(
        bloggers.flatMap { blogger in
            (0..<10).map { BlogEntry(bloggerID: blogger.id!, title: "\(blogger.name)-e\($0)", likes: $0) }
        }, on: db)
    try await Reply.insert(
        entries.filter { $0.likes < 2 }.map { Reply(entryID: $0.id!, body: "re \($0.title)") }, on: db)
    return bloggers
}

private func statementCountScenario(_ db: Database) async throws {
    try await createBlog(db)
    _ = try await seedThousand(db)

    let (oneLevel, oneLevelStatements) = try await StatementCounter.count {
        try await Blogger.query.order { $0.id }.prefetch(\.entries) { $0.order { $0.likes } }.all(on: db)
    }
    let (twoLevels, twoLevelStatements) = try await StatementCounter.count {
        try await Blogger.query.prefetch(\.entries, \.replies).all(on: db)
    }
    let (backwards, backwardsStatements) = try await StatementCounter.count {
        try await BlogEntry.query.prefetch(\.blogger).all(on: db)
    }

    #expect(oneLevelStatements == 2)
    #expect(twoLevelStatements == 3)
    #expect(backwardsStatements == 2)
    #expect(oneLevel.count == 1_000)
    #expect(oneLevel.allSatisfy { $0.entries?.count == 10 })
    #expect(oneLevel[7].entries?.map(\.likes) == Array(0..<10))
    #expect(oneLevel[7].entries?.allSatisfy { $0.bloggerID == oneLevel[7].id } == true)
    #expect(twoLevels.allSatisfy { blogger in
        blogger.entries?.allSatisfy { $0.replies?.count == ($0.likes < 2 ? 1 : 0) } == true
    })
    #expect(backwards.count == 10_000)
    #expect(backwards.allSatisfy { $0.blogger?.id == $0.bloggerID && $0.blogger?.name.isEmpty == false })
}

private func loadedStateScenario(_ db: Database) async throws {
    try await createBlog(db)
    let ada = try await Blogger(name: "Ada").insert(on: db)
    let plain = try await Blogger.query.first(on: db)!
    let loaded = try await Blogger.query.prefetch(\.entries).prefetch(\.bio).first(on: db)!
    var assigned = plain
    assigned.entries = []

    #expect(plain.entries == nil)
    #expect(!plain.isLoaded(\.entries))
    #expect(!plain.isLoaded(\.bio))
    #expect(loaded.entries == [])
    #expect(loaded.isLoaded(\.entries))
    #expect(loaded.bio == nil)
    #expect(loaded.isLoaded(\.bio), "no bio, but loaded: nil means none")
    #expect(assigned.isLoaded(\.entries))
    #expect(loaded == ada, "relations take no part in equality")
}

private func kindsScenario(_ db: Database) async throws {
    try await createBlog(db)
    let bloggers = try await Blogger.insert([Blogger(name: "Ada"), Blogger(name: "Alan")], on: db)
    let (ada, alan) = (bloggers[0], bloggers[1])
    try await Bio(bloggerID: ada.id!, text: "countess").insert(on: db)
    try await BlogEntry.insert([
        BlogEntry(bloggerID: alan.id!, title: "machines"), BlogEntry(bloggerID: ada.id!, title: "engines"),
    ], on: db)

    let withBios = try await Blogger.query.order { $0.name }.prefetch(\.bio).prefetch(\.entries).all(on: db)
    let bios = try await Bio.query.prefetch(\.blogger).all(on: db)
    let entries = try await BlogEntry.query.order { $0.title }.prefetch(\.blogger, \.bio).all(on: db)

    #expect(withBios.map { $0.bio?.text } == ["countess", nil])
    #expect(withBios.map { $0.entries?.map(\.title) ?? [] } == [["engines"], ["machines"]])
    #expect(bios.first?.blogger?.name == "Ada")
    #expect(entries.map { $0.blogger?.name } == ["Ada", "Alan"])
    #expect(entries.map { $0.blogger?.bio?.text } == ["countess", nil])
    #expect(entries[1].blogger?.isLoaded(\.bio) == true)
}

private func configuredScenario(_ db: Database) async throws {
    try await createBlog(db)
    let ada = try await Blogger(name: "Ada").insert(on: db)
    let entries = try await BlogEntry.insert([
        BlogEntry(bloggerID: ada.id!, title: "draft", likes: 50, published: false),
        BlogEntry(bloggerID: ada.id!, title: "small", likes: 1),
        BlogEntry(bloggerID: ada.id!, title: "big", likes: 9),
    ], on: db)
    try await Reply.insert([
        Reply(entryID: entries[2].id!, body: "b"), Reply(entryID: entries[2].id!, body: "a"),
        Reply(entryID: entries[1].id!, body: "c"),
    ], on: db)

    let (bloggers, statements) = try await StatementCounter.count {
        try await Blogger.query.prefetch(\.entries) {
            $0.filter { $0.published == true }.order { $0.likes.desc() }
                .prefetch(\.replies) { $0.order { $0.body } }
        }.all(on: db)
    }
    let alan = try await Blogger(name: "Alan").insert(on: db)
    try await BlogEntry.insert((1...4).map { BlogEntry(bloggerID: alan.id!, title: "a\($0)", likes: $0) }, on: db)
    let (top, topStatements) = try await StatementCounter.count {
        try await Blogger.query.order { $0.id }.prefetch(\.entries) { $0.order { $0.likes.desc() }.limit(2) }
            .all(on: db)
    }
    let second = try await Blogger.query.order { $0.id }.prefetch(\.entries) { $0.order { $0.likes.desc() }.offset(1).limit(1) }
        .first(on: db)
    let labels = try await Label.insert([Label(text: "x"), Label(text: "y"), Label(text: "z")], on: db)
    try await entries[1].attach(\.labels, labels, on: db)
    let firstLabel = try await BlogEntry.query.order { $0.id }.prefetch(\.labels) { $0.order { $0.text.desc() }.limit(1) }
        .all(on: db)

    #expect(statements == 3)
    #expect(bloggers[0].entries?.map(\.title) == ["big", "small"])
    #expect(bloggers[0].entries?.map { $0.replies?.map(\.body) ?? [] } == [["a", "b"], ["c"]])
    #expect(topStatements == 2)
    #expect(top[0].entries?.map(\.title) == ["draft", "big"], "the limit applies per blogger, in the prefetch's order")
    #expect(top[1].entries?.map(\.title) == ["a4", "a3"])
    #expect(second?.entries?.map(\.title) == ["big"])
    #expect(firstLabel.map { $0.labels?.map(\.text) ?? [] } == [[], ["z"], [], [], [], [], []])
}

private func treePrefetchScenario(_ db: Database) async throws {
    try await db.createTables(Category.self)
    let root = try await Category(name: "root", parentID: nil).insert(on: db)
    let kids = try await Category.insert([
        Category(name: "a", parentID: root.id), Category(name: "b", parentID: root.id),
    ], on: db)
    try await Category(name: "a1", parentID: kids[0].id).insert(on: db)

    let (all, statements) = try await StatementCounter.count {
        try await Category.query.order { $0.name }.prefetch(\.parent).prefetch(\.children) {
            $0.order { $0.name }.prefetch(\.children)
        }.all(on: db)
    }
    let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    #expect(statements == 4)
    #expect(all.map { $0.parent?.name } == ["root", "a", "root", nil])
    #expect(byName["root"]?.isLoaded(\.parent) == true)
    #expect(byName["root"]?.children?.map(\.name) == ["a", "b"])
    #expect(byName["root"]?.children?.first?.children?.map(\.name) == ["a1"])
    #expect(byName["a1"]?.children == [])
}

private func chunkScenario(_ db: Database) async throws {
    try await createBlog(db)
    let limit = db.dialect.maxBindParameters
    let bloggers = try await Blogger.insert((0..<(limit + 5)).map { Blogger(name: "n\($0)") }, on: db)
    try await BlogEntry.insert([
        BlogEntry(bloggerID: bloggers[0].id!, title: "first"),
        BlogEntry(bloggerID: bloggers[limit + 4].id!, title: "last"),
    ], on: db)

    let (loaded, statements) = try await StatementCounter.count {
        try await Blogger.query.order { $0.id }.prefetch(\.entries).all(on: db)
    }

    #expect(statements == 3, "one parent query and two chunks of keys")
    #expect(loaded.count == limit + 5)
    #expect(loaded.first?.entries?.map(\.title) == ["first"])
    #expect(loaded.last?.entries?.map(\.title) == ["last"])
    #expect(loaded.filter { $0.entries?.isEmpty == true }.count == limit + 3)
}

private func badDeclarationScenario(_ db: Database) async throws {
    try await createBlog(db)
    try await db.createTables(Fan.self)
    let fan = try await Fan(name: "f").insert(on: db)
    let prefetch = Fan.query.prefetch(\.idols)
    let filtered = Fan.filter { $0.idols.any { $0.name == "Ada" } }

    await #expect {
        try await prefetch.all(on: db)
    } throws: { error in
        guard case QuarryError.invalidArgument(let name, _) = error else { return false }
        return name == "idols"
    }
    await #expect {
        try await filtered.all(on: db)
    } throws: { error in
        guard case QuarryError.invalidArgument(let name, _) = error else { return false }
        return name == "idols"
    }
    await #expect(throws: QuarryError.self) { try await fan.attach(\.idols, keys: [1], on: db) }
    let bulk = Fan.filter { $0.idols.isEmpty }
    await #expect(throws: QuarryError.self, "a bulk delete never runs with a broken relation") {
        try await bulk.delete(on: db)
    }
    #expect(try await Fan.count(on: db) == 1)
}
