import Foundation
import Quarry
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Relationships: filters, ordering, counts, many-to-many, polymorphic")
struct RelationQueryTests {
    @Test("filters across relations return each parent once", arguments: TestDatabase.all)
    func filters(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), filterScenario)
    }

    @Test("ordering by a related column and by a related count; withCount", arguments: TestDatabase.all)
    func orderingAndCounts(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), orderingScenario)
    }

    @Test("a self-referential relation filters through an alias", arguments: TestDatabase.all)
    func selfReferential(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), selfReferentialScenario)
    }

    @Test("many-to-many attach, detach and sync are idempotent; prefetch loads pairs", arguments: TestDatabase.all)
    func manyToMany(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), manyToManyScenario)
    }

    @Test("polymorphic relations prefetch grouped by type", arguments: TestDatabase.all)
    func polymorphic(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), polymorphicScenario)
    }
}

/// Ada (3 entries: 50, 5, 0 likes; 2 labels), Alan (1 entry: 20 likes), Grace (none).
private func seedSmallBlog(_ db: Database) async throws -> (ada: Blogger, alan: Blogger, grace: Blogger) {
    try await createBlog(db)
    let people = try await Blogger.insert(
        [Blogger(name: "Ada", karma: 3), Blogger(name: "Alan", karma: 9), Blogger(name: "Grace", karma: 5)], on: db)
    let entries = try await BlogEntry.insert([
        BlogEntry(bloggerID: people[0].id!, title: "engines", likes: 50),
        BlogEntry(bloggerID: people[0].id!, title: "notes", likes: 5),
        BlogEntry(bloggerID: people[0].id!, title: "draft", likes: 0, published: false),
        BlogEntry(bloggerID: people[1].id!, title: "machines", likes: 20),
    ], on: db)
    try await Reply.insert([
        Reply(entryID: entries[0].id!, body: "great"), Reply(entryID: entries[0].id!, body: "more"),
        Reply(entryID: entries[3].id!, body: "hmm"),
    ], on: db)
    let labels = try await Label.insert([Label(text: "math"), Label(text: "history")], on: db)
    try await entries[0].attach(\.labels, labels, on: db)
    try await entries[3].attach(\.labels, [labels[0]], on: db)
    try await Bio(bloggerID: people[2].id!, text: "admiral").insert(on: db)
    return (people[0], people[1], people[2])
}

private func filterScenario(_ db: Database) async throws {
    _ = try await seedSmallBlog(db)

    let byAda = try await BlogEntry.filter { $0.blogger.name == "Ada" }.order { $0.title }.all(on: db)
    let popular = try await Blogger.filter { $0.entries.any { $0.likes > 1 } }.order { $0.name }.all(on: db)
    let noEntries = try await Blogger.filter { $0.entries.isEmpty }.all(on: db)
    let allPublished = try await Blogger.filter { $0.entries.all { $0.published == true } }.order { $0.name }.all(on: db)
    let withoutDrafts = try await Blogger.filter { $0.entries.none { $0.published == false } }.order { $0.name }.all(on: db)
    let twoLevels = try await Blogger.filter { $0.entries.any { $0.replies.any { $0.body == "hmm" } } }.all(on: db)
    let math = try await Blogger.filter { $0.entries.any { $0.labels.any { $0.text == "math" } } }.order { $0.name }.all(on: db)
    let mathEntries = try await BlogEntry.filter { $0.labels.any { $0.text == "math" } }.count(on: db)
    let throughParent = try await Reply.filter { $0.entry.blogger.name == "Alan" }.all(on: db)
    let matches = try await BlogEntry.filter { $0.blogger.matches { $0.karma > 4 && $0.name.hasPrefix("A") } }.all(on: db)
    let withBio = try await Blogger.filter { $0.bio.exists }.all(on: db)
    let busy = try await Blogger.filter { $0.entries.count(where: { $0.likes >= 5 }) >= 2 }.all(on: db)
    let (sql, _) = try Blogger.filter { $0.entries.any { $0.likes > 1 } }.sql(for: db.dialect)
    let deleted = try await BlogEntry.filter { $0.blogger.name == "Alan" }.delete(on: db)
    let raised = try await BlogEntry.filter { $0.blogger.name == "Ada" }.update(on: db) { [$0.likes.set(to: $0.likes + 1)] }

    #expect(deleted == 1)
    #expect(raised == 3)
    #expect(byAda.map(\.title) == ["draft", "engines", "notes"])
    #expect(popular.map(\.name) == ["Ada", "Alan"], "Ada has two matching entries and appears once")
    #expect(noEntries.map(\.name) == ["Grace"])
    #expect(allPublished.map(\.name) == ["Alan", "Grace"])
    #expect(withoutDrafts.map(\.name) == ["Alan", "Grace"])
    #expect(twoLevels.map(\.name) == ["Alan"])
    #expect(math.map(\.name) == ["Ada", "Alan"])
    #expect(mathEntries == 2)
    #expect(throughParent.map(\.body) == ["hmm"])
    #expect(matches.map(\.title) == ["machines"])
    #expect(withBio.map(\.name) == ["Grace"])
    #expect(busy.map(\.name) == ["Ada"])
    #expect(sql.contains("EXISTS (SELECT 1 FROM \"blog_entries\" AS \"quarry_r1\""), "\(sql)")
    #expect(!sql.contains("JOIN"), "to-many filters never join the parent rows")
}

private func orderingScenario(_ db: Database) async throws {
    _ = try await seedSmallBlog(db)

    let byBlogger = try await BlogEntry.query.order { $0.blogger.name.desc() }.order { $0.title }.all(on: db)
    let byCount = try await Blogger.query.order { $0.entries.count.desc() }.order { $0.name }.all(on: db)
    let counted = try await Blogger.query.order { $0.name }.withCount(\.entries, on: db)
    let labelled = try await BlogEntry.query.order { $0.title }.withCount(\.labels, on: db)
    let lowerName = try await BlogEntry.query.order { $0.blogger.value { $0.name.lower() } }.order { $0.id }
        .first(on: db)

    #expect(byBlogger.map(\.title) == ["machines", "draft", "engines", "notes"])
    #expect(byCount.map(\.name) == ["Ada", "Alan", "Grace"])
    #expect(counted.map { "\($0.0.name)=\($0.1)" } == ["Ada=3", "Alan=1", "Grace=0"])
    #expect(labelled.map { "\($0.0.title)=\($0.1)" } == ["draft=0", "engines=2", "machines=1", "notes=0"])
    #expect(lowerName?.title == "engines")
}

private func selfReferentialScenario(_ db: Database) async throws {
    try await db.createTables(Category.self)
    let root = try await Category(name: "root", parentID: nil).insert(on: db)
    let kids = try await Category.insert([
        Category(name: "a", parentID: root.id), Category(name: "b", parentID: root.id),
    ], on: db)
    try await Category(name: "a1", parentID: kids[0].id).insert(on: db)

    let underRoot = try await Category.filter { $0.parent.name == "root" }.order { $0.name }.all(on: db)
    let grandchildren = try await Category.filter { $0.parent.parent.name == "root" }.all(on: db)
    let parents = try await Category.filter { $0.children.isNotEmpty }.order { $0.name }.all(on: db)
    let grandparents = try await Category.filter { $0.children.any { $0.children.isNotEmpty } }.all(on: db)
    let (sql, _) = try Category.filter { $0.parent.name == "root" }.sql(for: db.dialect)

    #expect(underRoot.map(\.name) == ["a", "b"])
    #expect(grandchildren.map(\.name) == ["a1"])
    #expect(parents.map(\.name) == ["a", "root"])
    #expect(grandparents.map(\.name) == ["root"])
    #expect(sql.contains("FROM \"categories\" AS \"quarry_r1\" WHERE (\"quarry_r1\".\"id\" = \"categories\".\"parent_id\")"), "\(sql)")
}

private func manyToManyScenario(_ db: Database) async throws {
    try await createBlog(db)
    let ada = try await Blogger(name: "Ada").insert(on: db)
    let entry = try await BlogEntry(bloggerID: ada.id!, title: "engines").insert(on: db)
    let labels = try await Label.insert(["a", "b", "c", "d"].map { Label(text: $0) }, on: db)

    let firstAttach = try await entry.attach(\.labels, [labels[0], labels[1]], on: db)
    let secondAttach = try await entry.attach(\.labels, [labels[1], labels[0], labels[1]], on: db)
    let firstSync = try await entry.sync(\.labels, [labels[1], labels[2], labels[3]], on: db)
    let secondSync = try await entry.sync(\.labels, [labels[1], labels[2], labels[3]], on: db)
    let detached = try await entry.detach(\.labels, [labels[3], labels[0]], on: db)
    let detachedAgain = try await entry.detach(\.labels, keys: [labels[3].id!], on: db)
    let pairs = try await EntryLabel.count(on: db)

    let (loaded, statements) = try await StatementCounter.count {
        try await BlogEntry.query.prefetch(\.labels) { $0.order { $0.text.desc() } }.all(on: db)
    }
    let reverse = try await Label.query.order { $0.text }.prefetch(\.entries).all(on: db)

    // A self-referential many-to-many: who follows whom.
    let grace = try await Blogger(name: "Grace").insert(on: db)
    let alan = try await Blogger(name: "Alan").insert(on: db)
    try await ada.attach(\.following, [grace, alan], on: db)
    try await alan.attach(\.following, [grace], on: db)
    let people = try await Blogger.query.order { $0.name }.prefetch(\.following) { $0.order { $0.name } }
        .prefetch(\.followers) { $0.order { $0.name } }.all(on: db)
    let popular = try await Blogger.filter { $0.followers.count >= 2 }.all(on: db)

    var unsaved: QuarryError?
    do { try await entry.attach(\.labels, [Label(text: "new")], on: db) } catch let error as QuarryError { unsaved = error }

    #expect(firstAttach == 2)
    #expect(secondAttach == 0, "attaching again adds nothing")
    #expect(firstSync == SyncResult(attached: 2, detached: 1))
    #expect(secondSync == SyncResult(attached: 0, detached: 0), "syncing again changes nothing")
    #expect(detached == 1)
    #expect(detachedAgain == 0)
    #expect(pairs == 2)
    #expect(statements == 2)
    #expect(loaded.first?.labels?.map(\.text) == ["c", "b"])
    #expect(reverse.map { $0.entries?.count ?? -1 } == [0, 1, 1, 0])
    #expect(people.map { $0.following?.map(\.name) ?? [] } == [["Alan", "Grace"], ["Grace"], []])
    #expect(people.map { $0.followers?.map(\.name) ?? [] } == [[], ["Ada"], ["Ada", "Alan"]])
    #expect(popular.map(\.name) == ["Grace"])
    guard case .invalidArgument(let name, _)? = unsaved else {
        Issue.record("expected invalidArgument for an unsaved target, got \(String(describing: unsaved))")
        return
    }
    #expect(name == "targets")
}

private func polymorphicScenario(_ db: Database) async throws {
    try await createBlog(db)
    let ada = try await Blogger(name: "Ada").insert(on: db)
    let entries = try await BlogEntry.insert([
        BlogEntry(bloggerID: ada.id!, title: "engines"), BlogEntry(bloggerID: ada.id!, title: "notes"),
    ], on: db)
    let picture = try await Picture(url: "https://x/p.png").insert(on: db)
    try await Remark.insert([
        Remark(targetType: "blog_entries", targetID: entries[0].id!, body: "on engines"),
        Remark(targetType: "pictures", targetID: picture.id!, body: "on the picture"),
        Remark(targetType: "blog_entries", targetID: entries[1].id!, body: "on notes"),
        Remark(targetType: "pictures", targetID: picture.id!, body: "again on the picture"),
    ], on: db)

    let (remarks, statements) = try await StatementCounter.count {
        try await Remark.query.order { $0.id }.prefetch(\.target).all(on: db)
    }
    let entryRemarks = try await BlogEntry.query.order { $0.id }.prefetch(\.remarks) { $0.order { $0.id } }.all(on: db)
    let pictureRemarks = try await Picture.query.prefetch(\.remarks).all(on: db)
    let remarked = try await Picture.filter { $0.remarks.count >= 2 }.count(on: db)

    try await Remark(targetType: "videos", targetID: 1, body: "?").insert(on: db)
    var unknown: QuarryError?
    do { _ = try await Remark.query.prefetch(\.target).all(on: db) } catch let error as QuarryError { unknown = error }

    #expect(statements == 3, "the remarks, then one query per target type")
    #expect((remarks[0].target as? BlogEntry)?.title == "engines")
    #expect((remarks[1].target as? Picture)?.url == "https://x/p.png")
    #expect((remarks[2].target as? BlogEntry)?.title == "notes")
    #expect(remarks[3].target is Picture)
    #expect(remarks.allSatisfy { $0.isLoaded(\.target) })
    #expect(entryRemarks.map { $0.remarks?.map(\.body) ?? [] } == [["on engines"], ["on notes"]])
    #expect(pictureRemarks.first?.remarks?.map(\.body).sorted() == ["again on the picture", "on the picture"])
    #expect(remarked == 1)
    guard case .invalidValue? = unknown else {
        Issue.record("expected invalidValue for an unknown type, got \(String(describing: unknown))")
        return
    }
}
