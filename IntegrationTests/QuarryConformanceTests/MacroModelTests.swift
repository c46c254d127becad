import Foundation
import Quarry
import QuarryTesting
import Testing

enum AuthorStatus: String, ColumnRepresentable { case active, banned }

struct Address: Codable, Sendable, Equatable, JSONColumn {
    var city: String
    var zip: String?
}

@Model(table: "authors")
struct Author: Equatable {
    @ID var id: Int64?
    @Column(.unique, .maxLength(120)) var email: String
    var name: String
    var bio: String?
    var karma: Int = 0
    var status: AuthorStatus = .active
    var profile: JSON = [:]
    var address: Address?
    @Column(.defaultNow) var joinedAt: Date?
}

@Model
struct Badge: Equatable {
    @ID var code: UUID = UUID()
    @Column(.indexed, .name("label_text")) var label: String
    var weight: Double
}

/// A model of one column: its snapshot of the loaded row is that column's value, not a tuple.
@Model(table: "slugs")
struct Slug: Equatable {
    @ID var text: String
}

@Suite("Models declared with @Model")
struct MacroModelTests {
    @Test("an @Model struct creates its table and round-trips through insert and get", arguments: TestDatabase.all)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self, Badge.self)
            let ada = try await Author(
                email: "ada@example.com", name: "Ada", bio: nil, profile: ["langs": ["en", "fr"]],
                address: Address(city: "London", zip: nil)
            ).insert(on: db)
            let id = try #require(ada.id)
            #expect(ada.karma == 0 && ada.status == .active)
            #expect(ada.joinedAt != nil, "the database fills joined_at")
            #expect(try await Author.get(on: db, id: id) == ada)

            let badge = try await Badge(label: "first", weight: 0.5).insert(on: db)
            #expect(try await Badge.get(on: db, id: badge.code) == badge)
            #expect(Badge.schema.name == "badges")
            #expect(Badge.schema.columns.map(\.name) == ["code", "label_text", "weight"])
        }
    }

    @Test("the macro's constraints hold in the database", arguments: TestDatabase.all)
    func constraints(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self)
            try await Author(email: "a@example.com", name: "A").insert(on: db)
            await #expect {
                try await Author(email: "a@example.com", name: "B").insert(on: db)
            } throws: { error in
                if case QuarryError.uniqueViolation = error { true } else { false }
            }
            await #expect(throws: QuarryError.self) {
                try await Author(email: String(repeating: "x", count: 121), name: "Long").insert(on: db)
            }
            #expect(try await Author.count(on: db) == 1)
        }
    }

    @Test("an update through the generated encoder changes the row", arguments: TestDatabase.all)
    func update(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self)
            var author = try await Author(email: "u@example.com", name: "U").insert(on: db)
            author.status = .banned
            author.bio = "gone"
            author.address = Address(city: "Paris", zip: "75001")
            try await author.update(on: db)
            #expect(try await Author.get(on: db, id: author.id!) == author)
        }
    }

    @Test("save writes only the columns changed since load", arguments: TestDatabase.all)
    func dirtySave(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self)
            let stored = try await Author(email: "d@example.com", name: "Dora").insert(on: db)
            var first = try await Author.get(on: db, id: stored.id!)
            var second = try await Author.get(on: db, id: stored.id!)
            first.name = "Dora the Explorer"
            second.karma = 5
            try await first.save(on: db)
            try await second.save(on: db)   // writes karma only: keeps first's name
            let final = try await Author.get(on: db, id: stored.id!)
            #expect(final.name == "Dora the Explorer")
            #expect(final.karma == 5)
        }
    }

    @Test("save without changes writes nothing; save of a new model inserts", arguments: TestDatabase.all)
    func saveNoChangesAndNew(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self, Badge.self)
            let isolated = Database(driver: db.driver, logger: db.logger, signals: Signals())
            let events = EventLog()
            isolated.signals.subscribeAll { events.append("\($0.table):\($0.kind.rawValue)") }

            let created = try await Author(email: "n@example.com", name: "New").save(on: isolated)
            #expect(created.id != nil)
            let loaded = try await Author.get(on: isolated, id: created.id!)
            try await loaded.save(on: isolated)
            #expect(events.events == ["authors:created"], "an unchanged save emits nothing")

            var badge = Badge(label: "gold", weight: 1)        // a key set in Swift, never stored
            badge = try await badge.save(on: isolated)          // inserts
            badge.weight = 2
            try await badge.save(on: isolated)                  // updates
            #expect(try await Badge.get(on: isolated, id: badge.code).weight == 2)
            #expect(events.events == ["authors:created", "badges:created", "badges:updated"])
        }
    }

    @Test("a loaded model keeps its row inline: save's event has the row as loaded; a forgotten snapshot writes every column", arguments: TestDatabase.all)
    func loadedSnapshot(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self, Slug.self)
            let isolated = Database(driver: db.driver, logger: db.logger, signals: Signals())
            let events = EventLog()
            isolated.signals.subscribe(to: Author.self) { event in
                events.append("\(event.kind.rawValue):\(event.before?.name ?? "-")/\(event.before?.karma ?? -1)→\(event.after?.name ?? "-")")
            }
            let created = try await Author(email: "s@example.com", name: "Sam", karma: 3, address: Address(city: "Oslo")).insert(on: isolated)
            #expect(created._quarryLoadedValues == created.columnValuesForTest(), "an insert returns the stored row, remembered")
            #expect(Author(email: "x@example.com", name: "X")._quarryLoadedValues == nil, "a model built in Swift has no snapshot")
            var loaded = try await Author.get(on: isolated, id: created.id!)
            #expect(loaded._quarryLoadedValues == loaded.columnValuesForTest())
            loaded.name = "Samuel"
            loaded.karma = 4
            let saved = try await loaded.save(on: isolated)
            #expect(events.events.last == "updated:Sam/3→Samuel", "before is the row as loaded, rebuilt from the snapshot")
            #expect(saved == (try await Author.get(on: isolated, id: created.id!)))

            // Forgetting the snapshot makes save write every column (it checks the key exists).
            var forgotten = try await Author.get(on: isolated, id: created.id!)
            try forgotten._quarryRemember(nil)
            #expect(forgotten._quarryLoadedValues == nil)
            forgotten.bio = "set"
            try await forgotten.save(on: isolated)
            #expect(try await Author.get(on: isolated, id: created.id!).bio == "set")

            let slug = try await Slug(text: "a-b").insert(on: isolated)
            let loadedSlug = try await Slug.get(on: isolated, id: slug.text)
            #expect(loadedSlug._quarryLoadedValues == [.text("a-b")])
            #expect(loadedSlug == slug, "the snapshot never affects equality")
        }
    }

    @Test("filter, first, count and exists by column equality, NULL included", arguments: TestDatabase.all)
    func equalityFilters(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Author.self)
            try await Author.insert([
                Author(email: "a@x.io", name: "A", bio: "writes", status: .banned),
                Author(email: "b@x.io", name: "B"),
                Author(email: "c@x.io", name: "C", status: .banned),
            ], on: db)
            #expect(try await Author.filter(on: db, \.status, equals: .banned).map(\.name) == ["A", "C"])
            #expect(try await Author.filter(on: db, \.bio, equals: nil).map(\.name) == ["B", "C"])
            #expect(try await Author.first(on: db, \.email, equals: "b@x.io")?.name == "B")
            #expect(try await Author.first(on: db, \.email, equals: "zzz") == nil)
            #expect(try await Author.count(on: db, \.status, equals: .active) == 1)
            #expect(try await Author.exists(on: db, \.name, equals: "C"))
            #expect(try await Author.exists(on: db, \.name, equals: "'; DROP TABLE authors; --") == false)
            await #expect(throws: QuarryError.self) {
                try await Everything.filter(on: db, \.text, equals: "hand-written models map no key paths")
            }
        }
    }
}

extension Author {
    /// The column values as `encode(into:)` writes them.
    func columnValuesForTest() -> [SQLValue] {
        var encoder = SQLValueEncoder()
        encode(into: &encoder)
        return encoder.values
    }
}
