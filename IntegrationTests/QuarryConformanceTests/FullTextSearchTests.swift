import Foundation
import Quarry
import QuarryMigrations
import QuarryTesting
import Testing

@Model(table: "essays")
struct SearchEssay: Searchable {
    @ID var id: Int64?
    var title: String
    var body: String
    var published: Bool = true

    static var searchable: [PartialKeyPath<SearchEssay>] { [\SearchEssay.title, \SearchEssay.body] }
}

private struct CorpusEntry: Decodable {
    var title: String
    var body: String
}

/// `Fixtures/search-corpus.json`, from the repository root.
private func corpus() throws -> [SearchEssay] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/search-corpus.json"))
    return try JSONDecoder().decode([CorpusEntry].self, from: data).map { SearchEssay(title: $0.title, body: $0.body) }
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Full-text search")
struct FullTextSearchTests {
    @Test("matches, ranks the obvious best first, highlights, and follows writes", arguments: TestDatabase.all)
    func search(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), searchScenario)
    }

    @Test("migrations create and drop the search index; autogenerate writes it", arguments: TestDatabase.all)
    func migrated(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), migratedSearchScenario)
    }
}

private func searchScenario(_ db: Database) async throws {
    try await db.createTables(SearchEssay.self)
    let essays = try await SearchEssay.insert(try corpus(), on: db)

    let ranked = try await SearchEssay.search("swift concurrency").ranked().all(on: db)
    let stemmed = try await SearchEssay.search("actor").ranked().all(on: db).map(\.title)
    let filtered = try await SearchEssay.search("swift").filter { $0.title.hasPrefix("Swift p") }.all(on: db)
    let marked = try await SearchEssay.search("bread").highlighted(\.title, on: db)
    let unstemmed = try await SearchEssay.search("actor").language("simple").all(on: db).map(\.title)
    let hostile = try await SearchEssay.search("\"unbalanced (quote* OR -").all(on: db)
    let nothing = try await SearchEssay.search("   ").all(on: db)

    var garden = essays[1]
    garden.body = "Tomatoes and actors rarely meet."
    garden = try await garden.save(on: db)
    let afterUpdate = try await SearchEssay.search("actors").all(on: db).map(\.title)
    try await essays[5].delete(on: db)
    let afterDelete = try await SearchEssay.search("actors").all(on: db).map(\.title)

    let drift = SchemaDrift.compare(
        live: try await SchemaIntrospector.read(db), expected: DatabaseSchema(models: [SearchEssay.self]), dialect: db.dialect)
    #expect(drift.isEmpty, "the search index is not drift: \(drift)")
    #expect(ranked.first?.title == "Swift concurrency in practice", "\(ranked.map(\.title))")
    #expect(Set(ranked.map(\.title)) == ["Swift concurrency in practice", "Swift packages"])
    #expect(Set(stemmed) == ["Swift concurrency in practice", "Databases and actors"], "actor matches actors")
    #expect(filtered.map(\.title) == ["Swift packages"])
    if db.dialect.name == "postgres" {
        #expect(unstemmed.isEmpty, "the simple configuration does not stem actors to actor: \(unstemmed)")
    } else {
        #expect(Set(unstemmed) == Set(stemmed), "SQLite has one tokenizer and ignores the configuration")
    }
    #expect(marked.count == 1 && marked[0].1 == "Baking <mark>bread</mark>", "\(marked.map(\.1))")
    #expect(hostile.isEmpty && nothing.isEmpty)
    #expect(Set(afterUpdate) == ["Swift concurrency in practice", "Databases and actors", "Gardening for beginners"])
    #expect(Set(afterDelete) == ["Swift concurrency in practice", "Gardening for beginners"])
}

private func migratedSearchScenario(_ db: Database) async throws {
    let diff = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: [SearchEssay.self]))
    let migration = Migration("0001_essays", up: diff.up.map(\.operation), down: diff.down.map(\.operation))
    let migrator = try Migrator(database: db, migrations: [migration])
    try await migrator.upgrade()
    try await SearchEssay.insert(try corpus(), on: db)
    let found = try await SearchEssay.search("bread").all(on: db).map(\.title)
    let drift = SchemaDrift.compare(
        live: try await SchemaIntrospector.read(db), expected: DatabaseSchema(models: [SearchEssay.self]), dialect: db.dialect)
    try await migrator.downgrade(to: nil)
    let left = try await SchemaIntrospector.read(db).tableNames
    let leftovers = db.dialect.name == "sqlite"
        ? try await db.fetchValue(Int.self, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'essays%'") ?? -1
        : try await db.fetchValue(Int.self, "SELECT count(*) FROM pg_indexes WHERE indexname = 'fts_essays' AND schemaname = current_schema()") ?? -1
    let source = MigrationWriter.source(name: "0001_essays", diff: diff)

    #expect(diff.up.map { String($0.operation.summary.prefix { $0 != " " }) } == ["createTable", "createSearchIndex"])
    #expect(found == ["Baking bread"])
    #expect(drift.isEmpty, "\(drift)")
    #expect(left.isEmpty && leftovers == 0)
    #expect(source.contains(#".createSearchIndex("essays", SearchIndexDefinition(columns: ["title", "body"], language: "english"))"#))
}
