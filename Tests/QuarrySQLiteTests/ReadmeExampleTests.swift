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
    let names = ["Grace", "Alan"]
    let db = try await Database.sqlite(.memory)
    try await db.createTables(Author.self)

    let ada = try await Author(email: "ada@x.io", name: "Ada").insert(on: db)
    var found = try await Author.get(on: db, id: ada.id!)
    found.bio = "Wrote the first program."
    try await found.update(on: db)

    try await db.transaction { tx in
        try await Author.insert(names.map { Author(email: "\($0)@x.io", name: $0) }, on: tx)
        try await tx.transaction { savepoint in
            try await savepoint.execute("UPDATE authors SET karma = karma + \(1) WHERE id = \(ada.id!)")
        }
    }

    let top = try await db.fetch(Author.self, "SELECT * FROM authors WHERE karma >= \(1) ORDER BY name")
    let count = try await Author.count(on: db)
    #expect(top.map(\.name) == ["Ada"])
    #expect(top.first?.bio == "Wrote the first program.")
    #expect(top.first?.joinedAt != nil)
    #expect(count == 3)

    var duplicate: String?
    do {
        try await Author(email: "ada@x.io", name: "Ada again").insert(on: db)
    } catch QuarryError.uniqueViolation(let info) {
        duplicate = info.constraint
    }
    #expect(duplicate == "authors.email")
    await db.close()
}
