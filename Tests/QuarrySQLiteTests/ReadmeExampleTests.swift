import Quarry
import QuarrySQLite
import Testing

/// The README's example, kept compiling and true.
private struct Book: RowDecodable {
    var title: String
    var year: Int
    var rating: Double?

    init(row: inout some RowDecoder) throws {
        title = try row.decode(String.self)
        year = try row.decode(Int.self)
        rating = try row.decode(Double?.self)
    }
}

@Test("the README example runs as documented")
func readmeExample() async throws {
    let db = try await Database.sqlite(.memory)
    try await db.execute("CREATE TABLE books (title TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, rating REAL)")

    try await db.transaction { tx in
        try await tx.execute("INSERT INTO books VALUES (\("SICP"), \(1985), \(4.7))")
        try await tx.transaction { savepoint in
            try await savepoint.execute("INSERT INTO books VALUES (\("TAOCP"), \(1968), \(SQLValue.null))")
        }
    }

    let recent = try await db.fetch(Book.self, "SELECT title, year, rating FROM books WHERE year > \(1970)")
    let count = try await db.fetchValue(Int.self, "SELECT count(*) FROM books")
    #expect(recent.map(\.title) == ["SICP"])
    #expect(count == 2)

    var duplicate: String?
    do {
        try await db.execute("INSERT INTO books VALUES (\("SICP"), \(1996), \(4.9))")
    } catch QuarryError.uniqueViolation(let info) {
        duplicate = info.constraint
    }
    #expect(duplicate == "books.title")
    await db.close()
}
