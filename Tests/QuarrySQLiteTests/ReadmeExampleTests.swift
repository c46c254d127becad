import Foundation
import Quarry
import QuarrySQLite
import Testing

// The README's example, kept compiling and true.

private enum Status: String, ColumnRepresentable { case active, banned }

@Model(table: "authors")
private struct Author {
    @ID var id: Int64?
    @Column(.unique, .maxLength(120)) var email: String
    var name: String
    var bio: String?
    var karma: Int = 0
    var status: Status = .active
    @Column(.defaultNow) var joinedAt: Date?
}

@Test("the README example runs as documented")
func readmeExample() async throws {
    let db = try await Database.sqlite(.memory)
    try await db.createTables(Author.self)

    let ada = try await Author.create(on: db, .init(email: "ada@x.io", name: "Ada"))
    let one = try await Author.get(on: db, id: ada.id!)
    let edited = try await one.update(on: db, .init(bio: "Wrote the first program."))
    let body: Author.Response = try edited.response()
    #expect(body.bio == "Wrote the first program." && body.id == ada.id)

    var loaded = try await Author.get(on: db, id: ada.id!)
    loaded.karma += 1
    try await loaded.save(on: db)
    let banned = try await Author.filter(on: db, \.status, equals: .banned)
    #expect(banned.isEmpty)

    let some = try await Author
        .filter { $0.karma >= 10 && $0.name.hasPrefix("A") && $0.bio != nil }
        .order { $0.karma.desc(nulls: .last) }
        .limit(20)
        .all(on: db)
    let veterans = try await Author.filter { $0.joinedAt.datePart(.year) < 2020 }.count(on: db)
    let zeroed = try await Author.filter { $0.status == .banned }.update(on: db) { [$0.karma.set(to: 0)] }
    let (sql, binds) = try Author.filter { $0.email.in(["a@x.io", "b@x.io"]) }.sql(for: db.dialect)
    let pairs = try await Author.filter { $0.karma > 0 }.values(\.name, \.karma, on: db)
    let perStatus = try await Author.query.group { $0.status }
        .aggregate(on: db) { ($0.status, $0.id.count(), $0.karma.avg()) }
    #expect(pairs.count == 1 && pairs[0].0 == "Ada" && pairs[0].1 == 1)
    #expect(perStatus.count == 1 && perStatus[0].0 == .active && perStatus[0].1 == 1)
    #expect(some.isEmpty && veterans == 0 && zeroed == 0)
    #expect(sql.hasSuffix(#"WHERE ("authors"."email" IN (?1, ?2))"#) && binds == [.text("a@x.io"), .text("b@x.io")])

    let names = ["Grace", "Alan"]
    try await db.transaction { tx in
        try await Author.createMany(on: tx, names.map { .init(email: "\($0)@x.io", name: $0) })
        try await tx.transaction { savepoint in
            try await savepoint.execute("UPDATE authors SET karma = karma + \(1) WHERE id = \(ada.id!)")
        }
    }

    let top = try await db.raw("SELECT * FROM authors WHERE karma >= \(1) ORDER BY name").all(as: Author.self)
    #expect(top.map(\.name) == ["Ada"])
    #expect(top.first?.karma == 2)
    #expect(try await Author.count(on: db) == 3)

    var failures: [FieldFailure] = []
    do {
        _ = try JSONDecoder().decode(Author.Create.self, from: Data(#"{"name": 7}"#.utf8))
    } catch let error as ValidationError {
        failures = error.failures
    }
    #expect(failures.map(\.field) == ["email", "name"])

    var duplicate: String?
    do {
        _ = try await Author.create(on: db, .init(email: "ada@x.io", name: "Ada again"))
    } catch QuarryError.uniqueViolation(let info) {
        duplicate = info.constraint
    }
    #expect(duplicate == "authors.email")
    await db.close()
}
