import Foundation
import Quarry
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Query language: bulk hooks on request, raw SQL")
struct QueryBulkHooksAndRawTests {
    @Test("bulk delete and update run hooks and emit events only when asked", arguments: TestDatabase.all)
    func bulkHooks(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), bulkHooksScenario)
    }

    @Test("raw SQL binds every value and decodes into models, rows and tuples", arguments: TestDatabase.all)
    func raw(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), rawScenario)
    }
}

private func bulkHooksScenario(_ shared: Database) async throws {
    let db = Database(driver: shared.driver, logger: shared.logger, signals: Signals())
    let events = EventLog()
    db.signals.subscribe(to: Note.self) { events.append("\($0.kind.rawValue):\($0.before?.body ?? "-")→\($0.after?.body ?? "-")") }
    try await db.createTables(Note.self)
    try await Note.insert([Note(body: "a"), Note(body: "b"), Note(body: "c")], on: db)
    let created = events.events.count

    let quiet = HookLog()
    let loud = HookLog()
    let silentCount = try await HookLog.$current.withValue(quiet) {
        try await Note.filter { $0.body == "a" }.update(on: db) { [$0.version.set(to: 5)] }
    }
    let hookedCount = try await HookLog.$current.withValue(loud) {
        try await Note.filter { $0.body == "b" }.update(on: db, runHooks: true) { [$0.body.set(to: "B")] }
    }
    let afterUpdates = Array(events.events.dropFirst(created))
    let deleted = try await HookLog.$current.withValue(loud) {
        try await Note.filter { $0.body != "a" }.delete(on: db, runHooks: true)
    }
    let silentDeleted = try await HookLog.$current.withValue(quiet) {
        try await Note.query.delete(on: db)
    }
    #expect(silentCount == 1 && hookedCount == 1 && deleted == 2 && silentDeleted == 1)
    #expect(quiet.calls.isEmpty)
    #expect(loud.calls == ["didUpdate", "didSave", "willDelete", "didDelete", "willDelete", "didDelete"])
    #expect(afterUpdates == ["updated:b→B"])
    #expect(Array(events.events.dropFirst(created + 1)).sorted() == ["deleted:B→-", "deleted:c→-"])
}

private func rawScenario(_ db: Database) async throws {
    try await db.createTables(Scientist.self)
    try await Scientist.insert(QueryFixtures.scientists, on: db)
    let minimum = 50
    let hostile = "'; DROP TABLE people; --"
    let old = try await db.raw("SELECT * FROM people WHERE age > \(minimum) ORDER BY age").all(as: Scientist.self)
    let first = try await db.raw("SELECT * FROM people WHERE name = \(hostile)").first(as: Scientist.self)
    let pairs = try await db.raw("SELECT name, age FROM \(identifier: "people") WHERE age < \(40)").tuples(as: String.self, Int.self)
    let rows = try await db.raw("SELECT count(*) AS n FROM people").rows()
    let changed = try await db.raw("UPDATE people SET age = age + \(1) WHERE name = \("Ada")").execute()
    #expect(old.map(\.name) == ["100% Linus", "Edsger", "Grace"])
    #expect(first == nil)
    #expect(pairs.count == 1 && pairs[0].0 == "Ada" && pairs[0].1 == 36)
    #expect(try rows.first?.decode("n", as: Int.self) == 5)
    #expect(changed == 1)
}
