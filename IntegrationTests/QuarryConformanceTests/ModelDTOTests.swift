import Foundation
import Quarry
import QuarryTesting
import Testing

@Model(table: "members")
struct Member: Equatable {
    @ID var id: Int64?
    @Column(.email, .maxLength(60), .unique) var email: String
    @Column(.minLength(2), .maxLength(20), .pattern("[a-z0-9_]+")) var handle: String
    @Column(.range(0...150)) var age: Int
    var nickname: String?
    var score: Double = 0
}

extension Member.Create: CustomValidation {
    func validateCustom(into failures: inout ValidationFailures) {
        if handle == "admin" { failures.add("handle", "is reserved") }
    }
}

@Model(table: "stamped_notes")
struct StampedNote {
    @ID var id: Int64?
    var text: String
    @Column(.defaultNow) var createdAt: Date?
    @Column(.defaultNow, .writable) var publishedAt: Date?
}

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}

/// The failures of `body`, or [] when it does not throw a ValidationError.
private func failures(_ body: () throws -> Void) -> [FieldFailure] {
    do {
        try body()
        return []
    } catch let error as ValidationError {
        return error.failures
    } catch {
        return [FieldFailure(field: "?", message: "\(error)")]
    }
}

@Suite("Model DTOs and validation")
struct ModelDTOTests {
    @Test("a Create decoded from JSON reports every failure at once")
    func everyFailureAtOnce() {
        let found = failures {
            _ = try decode(Member.Create.self, #"{"handle": "X!", "age": 200, "nickname": 5}"#)
        }
        #expect(found == [
            FieldFailure(field: "email", message: "is required"),
            FieldFailure(field: "nickname", message: "must be a string"),
            FieldFailure(field: "handle", message: "must match [a-z0-9_]+"),
            FieldFailure(field: "age", message: "must be between 0 and 150"),
        ])
    }

    @Test("16 · custom rules report with the built-in ones, decoded and validated alike")
    func customWithBuiltIn() {
        let decoded = failures {
            _ = try decode(Member.Create.self, #"{"email": "ada@example.com", "handle": "admin", "age": 200}"#)
        }
        let validated = failures {
            try Member.Create(email: "ada@example.com", handle: "admin", age: 200).validate()
        }
        let expected = [
            FieldFailure(field: "age", message: "must be between 0 and 150"),
            FieldFailure(field: "handle", message: "is reserved"),
        ]
        #expect(decoded == expected)
        #expect(validated == expected)
    }

    @Test("each rule rejects what it should", arguments: [
        (#"{"email": "not-an-email", "handle": "ok", "age": 1}"#, "email", "must be an e-mail address"),
        (#"{"email": "a@b.co", "handle": "x", "age": 1}"#, "handle", "must be at least 2 characters"),
        (#"{"email": "a@b.co", "handle": "abcdefghijklmnopqrstu", "age": 1}"#, "handle", "must be at most 20 characters"),
        (#"{"email": "a@b.co", "handle": "ok", "age": -1}"#, "age", "must be between 0 and 150"),
        (#"{"email": "a@b.co", "handle": "ok", "age": "ten"}"#, "age", "must be an integer"),
        (#"{"email": null, "handle": "ok", "age": 1}"#, "email", "must not be null"),
        (#"{"email": "a@b.co", "handle": "admin", "age": 1}"#, "handle", "is reserved"),
    ])
    func rules(_ json: String, _ field: String, _ message: String) {
        #expect(failures { _ = try decode(Member.Create.self, json) } == [FieldFailure(field: field, message: message)])
    }

    @Test("a valid Create decodes, with absent defaults left nil")
    func validCreate() throws {
        let create = try decode(Member.Create.self, #"{"email": "a@b.co", "handle": "ada_1", "age": 36}"#)
        #expect(create == Member.Create(email: "a@b.co", handle: "ada_1", age: 36))
        #expect(create.score == nil)
    }

    @Test("an Update tells absent from null, and rejects null for a non-null column")
    func updateSemantics() throws {
        let update = try decode(Member.Update.self, #"{"nickname": null, "age": 37}"#)
        #expect(update.nickname == .null)
        #expect(update.age == 37)
        #expect(update.email == nil && update.handle == nil)
        #expect(try decode(Member.Update.self, "{}").nickname == .absent)
        #expect(failures { _ = try decode(Member.Update.self, #"{"email": null}"#) }
            == [FieldFailure(field: "email", message: "must not be null")])
        #expect(failures { _ = try decode(Member.Update.self, #"{"age": 999}"#) }
            == [FieldFailure(field: "age", message: "must be between 0 and 150")])
        let encoded = String(decoding: try JSONEncoder().encode(update), as: UTF8.self)
        #expect(encoded.contains(#""nickname":null"#) && encoded.contains(#""age":37"#) && !encoded.contains("email"))
    }

    @Test("create, partial update and response through the DTOs", arguments: TestDatabase.all)
    func crudThroughDTOs(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Member.self)
            let ada = try await Member.create(on: db, .init(email: "ada@x.io", handle: "ada", age: 36, nickname: "Countess"))
            #expect(ada.score == 0)

            let older = try await ada.update(on: db, .init(age: 37, nickname: .null))
            #expect(older.age == 37 && older.nickname == nil && older.handle == "ada" && older.email == "ada@x.io")
            let untouched = try await older.update(on: db, .init())
            #expect(untouched == older)

            let response = try untouched.response()
            #expect(response.id == ada.id! && response.age == 37 && response.nickname == nil)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(response)) as? [String: Any]
            #expect(json?["handle"] as? String == "ada")
        }
    }

    @Test("save(on:_:) writes only the changed columns in one statement, reads nothing first with a listener, skips a no-op",
        arguments: TestDatabase.all)
    func patchBySave(_ database: TestDatabase) async throws {
        try await database.withDatabase { shared in
            // A bus of its own: a listener makes update(on:_:) read the row before writing.
            let db = Database(driver: shared.driver, signals: Signals())
            try await db.createTables(Member.self)
            let ada = try await Member.create(on: db, .init(email: "ada@x.io", handle: "ada", age: 36))
            let subscription = db.signals.subscribe(to: Member.self) { _ in }
            defer { subscription.cancel() }
            let loaded = try await Member.get(on: db, id: ada.id!)
            let (saved, events) = try await StatementObservation.collecting {
                try await db.transaction { tx in try await loaded.save(on: tx, .init(age: 40)) }
            }
            let touching = events.map(\.sql).filter { $0.contains("\"members\"") }
            let (same, none) = try await StatementObservation.collecting {
                try await saved.save(on: db, .init(age: 40, nickname: .null))
            }
            let (viaUpdate, updateEvents) = try await StatementObservation.collecting {
                try await db.transaction { tx in try await saved.update(on: tx, .init(age: 41)) }
            }

            #expect(saved.age == 40 && saved.email == "ada@x.io" && saved.handle == "ada")
            #expect(touching.count == 1, "one statement: \(touching)")
            #expect(touching.first.map { $0.contains("\"age\" = ") && !$0.contains("\"email\" = ") } == true, "\(touching)")
            #expect(same == saved && none.isEmpty, "nothing changed, nothing ran: \(none.map(\.sql))")
            #expect(viaUpdate.age == 41)
            #expect(updateEvents.filter { $0.sql.contains("\"members\"") }.count == 2, "update(on:_:) reads the row first for the listener")
        }
    }

    @Test("invalid DTOs write nothing", arguments: TestDatabase.all)
    func invalidWritesNothing(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Member.self)
            await #expect(throws: ValidationError.self) {
                try await Member.create(on: db, .init(email: "bad", handle: "ok", age: 1))
            }
            let ada = try await Member.create(on: db, .init(email: "ada@x.io", handle: "ada", age: 36))
            await #expect(throws: ValidationError.self) { try await ada.update(on: db, .init(handle: "no spaces")) }
            #expect(try await Member.all(on: db) == [ada])
        }
    }

    @Test("createMany validates every DTO first, naming indexes, then inserts 50,000 rows", arguments: TestDatabase.all)
    func createMany(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Member.self)
            let bad = [
                Member.Create(email: "a@x.io", handle: "a1", age: 1),
                Member.Create(email: "oops", handle: "b1", age: 1),
                Member.Create(email: "c@x.io", handle: "c1", age: 500),
            ]
            await #expect {
                try await Member.createMany(on: db, bad)
            } throws: { error in
                (error as? ValidationError)?.failures.map(\.field) == ["[1].email", "[2].age"]
            }
            #expect(try await Member.count(on: db) == 0)
            let good = (0..<50_000).map { Member.Create(email: "m\($0)@x.io", handle: "m\($0)", age: $0 % 100) }
            let members = try await Member.createMany(on: db, good)
            #expect(members.count == 50_000)
            #expect(try await Member.count(on: db) == 50_000)
        }
    }

    @Test("a response needs a key")
    func responseWithoutKey() {
        #expect(throws: QuarryError.self) { try Member(email: "a@b.co", handle: "ab", age: 1).response() }
    }

    @Test("7 · a server-stamped column is read-only to clients; a writable one is not", arguments: TestDatabase.all)
    func serverStampedColumns(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(StampedNote.self)
            let before = Date().addingTimeInterval(-60)
            let forged = #"{"text": "hi", "createdAt": "1999-01-01T00:00:00Z", "publishedAt": "2001-02-03T00:00:00Z"}"#
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let create = try decoder.decode(StampedNote.Create.self, from: Data(forged.utf8))
            let note = try await StampedNote.create(on: db, create)
            let stored = try #require(try await StampedNote.find(on: db, id: note.id!))
            let createdAt = try #require(stored.createdAt)
            #expect(createdAt > before, "the database stamped created_at, not the client's 1999")
            #expect(stored.publishedAt == Date(timeIntervalSince1970: 981_158_400), "a .writable column keeps the client's value")

            let patch = try decoder.decode(
                StampedNote.Update.self, from: Data(#"{"createdAt": "1999-01-01T00:00:00Z", "text": "edited"}"#.utf8))
            let edited = try await stored.update(on: db, patch)
            let reread = try #require(try await StampedNote.find(on: db, id: note.id!))
            #expect(edited.text == "edited" && reread.text == "edited")
            #expect(reread.createdAt == stored.createdAt, "an update cannot move a server stamp")
            #expect(try reread.response().createdAt == stored.createdAt, "the response still shows it")

            let unstamped = try decoder.decode(StampedNote.Create.self, from: Data(#"{"text": "later"}"#.utf8))
            let later = try await StampedNote.create(on: db, unstamped)
            #expect(try await StampedNote.find(on: db, id: later.id!)?.publishedAt != nil, "left out, a writable column is stamped")
        }
    }
}
