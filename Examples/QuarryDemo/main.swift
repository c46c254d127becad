// The Quarry demo: a small library catalogue on an embedded SQLite file.
//
//   make demo        (or: swift run quarry-demo [path.sqlite])
//
// It creates a table, inserts rows in a transaction, queries them back into a
// Swift type, and shows a typed error. Later issues grow it into the full demo
// (models, relations, the web API).

import Foundation
import Quarry
import QuarrySQLite

/// One row of the query below, decoded by position.
struct BookSummary: RowDecodable {
    var title: String
    var author: String
    var year: Int
    var rating: Double?

    init(row: inout some RowDecoder) throws {
        title = try row.decode(String.self)
        author = try row.decode(String.self)
        year = try row.decode(Int.self)
        rating = try row.decode(Double?.self)
    }
}

let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first ?? FileManager.default.temporaryDirectory
    .appendingPathComponent("quarry-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
let removeWhenDone = arguments.isEmpty

print("Quarry demo — SQLite file at \(path)\n")
let db = try await Database.sqlite(.file(path))

try await db.execute("""
    CREATE TABLE IF NOT EXISTS books (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        isbn TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year > 0),
        rating REAL,
        added_at TEXT NOT NULL
    )
    """)

let catalogue: [(isbn: String, title: String, author: String, year: Int, rating: Double?)] = [
    ("978-0262510875", "Structure and Interpretation of Computer Programs", "Abelson & Sussman", 1985, 4.7),
    ("978-0201633610", "Design Patterns", "Gamma et al.", 1994, 4.2),
    ("978-0131103627", "The C Programming Language", "Kernighan & Ritchie", 1978, 4.8),
    ("978-1449373320", "Designing Data-Intensive Applications", "Martin Kleppmann", 2017, 4.9),
    ("978-0321125217", "Domain-Driven Design", "Eric Evans", 2003, nil),
]

// Every row goes in, or none does.
let inserted = try await db.transaction { tx in
    var count = 0
    for book in catalogue {
        count += try await tx.execute("""
            INSERT INTO books (isbn, title, author, year, rating, added_at)
            VALUES (\(book.isbn), \(book.title), \(book.author), \(book.year), \(book.rating), \(Date()))
            ON CONFLICT (isbn) DO NOTHING
            """)
    }
    return count
}
print("Inserted \(inserted) books in one transaction.")

let since = 1980
let recent = try await db.fetch(BookSummary.self, """
    SELECT title, author, year, rating FROM books
    WHERE year >= \(since) ORDER BY rating DESC NULLS LAST, title
    """)
print("\nBooks since \(since), best rated first:")
for book in recent {
    let stars = book.rating.map { String(format: "%.1f★", $0) } ?? "unrated"
    print("  \(book.year)  \(book.title) — \(book.author) (\(stars))")
}

let count = try await db.fetchValue(Int.self, "SELECT count(*) FROM books") ?? 0
let average = try await db.fetchValue(Double.self, "SELECT avg(rating) FROM books WHERE rating IS NOT NULL") ?? 0
print("\n\(count) books, average rating \(String(format: "%.2f", average)).")

// Constraint violations are typed errors, with the constraint named.
do {
    try await db.execute("""
        INSERT INTO books (isbn, title, author, year, added_at)
        VALUES (\("978-0201633610"), \("Design Patterns (again)"), \("Gamma et al."), \(1994), \(Date()))
        """)
} catch QuarryError.uniqueViolation(let info) {
    print("A duplicate ISBN was refused: unique constraint on \(info.constraint ?? "?").")
}

await db.close()
if removeWhenDone {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
print("\nDone.")
