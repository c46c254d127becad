// The Quarry demo: a small library catalogue on an embedded SQLite file.
//
//   make demo        (or: swift run quarry-demo [path.sqlite])
//
// One @Model struct gives the table, the request/response types and typed
// queries; the demo creates rows from DTOs (one of them invalid), queries
// them with the DSL, aggregates per genre, and shows a typed error. Later
// issues grow it (relations, the web API).

import Foundation
import Quarry
import QuarryCommands
import QuarryMigrations
import QuarrySQLite

enum Genre: String, ColumnRepresentable { case computing, design, systems }

@Model(table: "books")
struct Book {
    @ID var id: Int64?
    @Column(.unique, .pattern("[0-9-]{10,17}")) var isbn: String
    @Column(.maxLength(120)) var title: String
    var author: String
    @Column(.range(1450...2100)) var year: Int
    var genre: Genre
    var rating: Double?
    @Column(.defaultNow) var addedAt: Date?
    @HasMany(\Review.bookID) var reviews: [Review]?
}

@Model(table: "reviews")
struct Review {
    @ID var id: Int64?
    @Column(.references(Book.self, onDelete: .cascade), .indexed) var bookID: Int64
    @Column(.range(1...5)) var stars: Int
    var reader: String
    @BelongsTo var book: Book?
}

// `swift run quarry-demo migrate …` runs Quarry's migration commands with
// this app's migrations and models (try `migrate history --database demo.sqlite`).
let configuration = QuarryConfiguration(
    migrations: allMigrations, models: [Book.self, Review.self], migrationsDirectory: "Examples/QuarryDemo/Migrations")
if CommandLine.arguments.dropFirst().first == "migrate" {
    exit(await QuarryCLI.run(configuration: configuration))
}

let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first ?? FileManager.default.temporaryDirectory
    .appendingPathComponent("quarry-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
let removeWhenDone = arguments.isEmpty

print("Quarry demo — SQLite file at \(path)\n")
let db = try await Database.sqlite(.file(path))
let migrator = try Migrator(database: db, migrations: allMigrations) { print("  migration: \($0)") }
try await migrator.upgrade()

let events = Signals.shared.subscribe(to: Book.self) { event in
    print("  event: \(event.kind.rawValue) \(event.after?.title ?? event.before?.title ?? "?")")
}

// What an API would receive as JSON bodies: validated as they are decoded.
let bodies = [
    #"{"isbn": "978-0262510875", "title": "Structure and Interpretation of Computer Programs", "author": "Abelson & Sussman", "year": 1985, "genre": "computing", "rating": 4.7}"#,
    #"{"isbn": "978-0201633610", "title": "Design Patterns", "author": "Gamma et al.", "year": 1994, "genre": "design", "rating": 4.2}"#,
    #"{"isbn": "978-0131103627", "title": "The C Programming Language", "author": "Kernighan & Ritchie", "year": 1978, "genre": "systems", "rating": 4.8}"#,
    #"{"isbn": "978-1449373320", "title": "Designing Data-Intensive Applications", "author": "Martin Kleppmann", "year": 2017, "genre": "systems", "rating": 4.9}"#,
    #"{"isbn": "978-0321125217", "title": "Domain-Driven Design", "author": "Eric Evans", "year": 2003, "genre": "design"}"#,
    #"{"isbn": "not an isbn", "title": 42, "year": 1200, "genre": "poetry"}"#,
]
var creates: [Book.Create] = []
for body in bodies {
    do {
        creates.append(try JSONDecoder().decode(Book.Create.self, from: Data(body.utf8)))
    } catch let error as ValidationError {
        print("Rejected a request body:")
        for failure in error.failures { print("  \(failure.field): \(failure.message)") }
    }
}

print("\nCreating \(creates.count) books in one transaction:")
try await db.transaction { tx in
    try await Book.createMany(on: tx, creates)
}

let since = 1980
let recent = try await Book
    .filter { $0.year >= since && $0.rating != nil }
    .order { $0.rating.desc(nulls: .last) }
    .all(on: db)
print("\nRated books since \(since), best first:")
for book in recent {
    print("  \(book.year)  \(book.title) — \(book.author) (\(String(format: "%.1f", book.rating ?? 0))★)")
}

let perGenre = try await Book.query.group { $0.genre }
    .aggregate(on: db) { ($0.genre, $0.id.count(), $0.rating.avg()) }
print("\nPer genre:")
for (genre, count, average) in perGenre.sorted(by: { $0.0.rawValue < $1.0.rawValue }) {
    print("  \(genre.rawValue): \(count) book(s), average rating \(average.map { String(format: "%.2f", $0) } ?? "n/a")")
}

// Relations: reviews belong to books; prefetching costs one statement
// however many books there are, and filters across the relation never
// repeat a book.
let books = try await Book.query.order { $0.id }.all(on: db)
try await Review.insert([
    Review(bookID: books[0].id!, stars: 5, reader: "ada"), Review(bookID: books[0].id!, stars: 4, reader: "alan"),
    Review(bookID: books[2].id!, stars: 5, reader: "grace"),
], on: db)
let (reviewed, statements) = try await StatementCounter.count {
    try await Book.query.order { $0.title }.prefetch(\.reviews) { $0.order { $0.stars.desc() } }.all(on: db)
}
print("\nReviews, prefetched in \(statements) statements:")
for book in reviewed where book.reviews?.isEmpty == false {
    print("  \(book.title): " + (book.reviews ?? []).map { "\($0.reader) \($0.stars)★" }.joined(separator: ", "))
}
let loved = try await Book.filter { $0.reviews.any { $0.stars == 5 } }.order { $0.title }.values(\.title, on: db)
print("Books someone gave five stars: \(loved.joined(separator: "; "))")

// Partial update through the Update DTO; only the rating changes.
if var ddd = try await Book.first(on: db, \.title, equals: "Domain-Driven Design") {
    ddd = try await ddd.update(on: db, .init(rating: .value(4.4)))
    print("\nRated \(ddd.title): \(ddd.rating ?? 0)")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    print("Response body: \(String(decoding: try encoder.encode(try ddd.response()), as: UTF8.self))")
}

// Constraint violations are typed errors, with the constraint named.
do {
    try await Book.create(on: db, .init(isbn: "978-0201633610", title: "Design Patterns (again)", author: "Gamma et al.", year: 1994, genre: .design))
} catch QuarryError.uniqueViolation(let info) {
    print("\nA duplicate ISBN was refused: unique constraint on \(info.constraint ?? "?").")
}

events.cancel()
await db.close()
if removeWhenDone {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
print("\nDone.")
