import Foundation
import Quarry
import QuarryPagination
import QuarryTesting
import Testing

@Model(table: "paged_items")
struct PagedItem {
    @ID var id: Int64?
    @Column(.indexed) var score: Int
    var note: String?
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryPagination: signed keyset cursors")
struct PaginationTests {
    @Test("10,000 rows walked forward and back while rows are inserted: no gaps, no repeats", arguments: TestDatabase.all)
    func walk(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), walkScenario)
    }

    @Test("a nullable order column pages in the same order as the whole query, both ways", arguments: TestDatabase.all)
    func nullable(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), nullableScenario)
    }

    @Test("forged, truncated, foreign and misused cursors and bad sizes are typed errors", arguments: TestDatabase.all)
    func badCursors(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), badCursorScenario)
    }
}

private func seedItems(_ db: Database, count: Int) async throws {
    try await db.createTables(PagedItem.self)
    // Many ties on score, so the primary key has to break them.
    try await PagedItem.insert(
        (0..<count).map { PagedItem(score: ($0 * 7919) % 500, note: $0 % 5 == 0 ? nil : "n\($0 % 37)") }, on: db)
}

private func walkScenario(_ db: Database) async throws {
    try await seedItems(db, count: 10_000)
    let paginator = try CursorPaginator(
        PagedItem.query.order { $0.score.desc() }, signer: .random(), defaultPageSize: 97, maxPageSize: 500)
    let inserter = Task {
        for n in 0..<200 {
            try await PagedItem(score: n % 500, note: "late").insert(on: db)
            try await Task.sleep(for: .milliseconds(1))
        }
    }
    var forward: [Int64] = []
    var page = try await paginator.page(on: db)
    var pages = 1
    forward += page.items.map { $0.id! }
    while let next = page.nextCursor {
        page = try await paginator.page(on: db, after: next)
        forward += page.items.map { $0.id! }
        pages += 1
    }
    try await inserter.value

    var backward: [Int64] = page.items.map { $0.id! }
    var back = page
    while let previous = back.previousCursor {
        back = try await paginator.page(on: db, before: previous)
        backward = back.items.map { $0.id! } + backward
    }

    let original = Set(Int64(1)...10_000)
    #expect(Set(forward).count == forward.count, "no row repeats going forward")
    #expect(original.isSubset(of: Set(forward)), "no original row is skipped going forward")
    #expect(Set(backward).count == backward.count, "no row repeats going back")
    #expect(original.isSubset(of: Set(backward)), "no original row is skipped going back")
    #expect(pages >= 104, "10,000 rows in pages of 97")
    #expect(back.previousCursor == nil && back.items.first?.id == forward.first, "back at the first row")
}

private func nullableScenario(_ db: Database) async throws {
    try await seedItems(db, count: 600)
    for order in [PagedItem.query.order { $0.note }, PagedItem.query.order { $0.note.desc() }] {
        let whole = try await order.seeking(try order.keyset(), after: nil).all(on: db).map { $0.id! }
        let paginator = try CursorPaginator(order, signer: .random(), defaultPageSize: 50)
        var page = try await paginator.page(on: db)
        var walked = page.items.map { $0.id! }
        while let next = page.nextCursor {
            page = try await paginator.page(on: db, after: next)
            walked += page.items.map { $0.id! }
        }
        var back = page
        var walkedBack = page.items.map { $0.id! }
        while let previous = back.previousCursor {
            back = try await paginator.page(on: db, before: previous)
            walkedBack = back.items.map { $0.id! } + walkedBack
        }
        #expect(walked == whole)
        #expect(walkedBack == whole)
        #expect(whole.count == 600)
    }
}

private func badCursorScenario(_ db: Database) async throws {
    try await seedItems(db, count: 50)
    let signer = CursorSigner.random()
    let paginator = try CursorPaginator(PagedItem.query.order { $0.score }, signer: signer, defaultPageSize: 10, maxPageSize: 20)
    let other = try CursorPaginator(PagedItem.query.order { $0.note }, signer: signer, defaultPageSize: 10)
    let stranger = try CursorPaginator(PagedItem.query.order { $0.score }, signer: .random(), defaultPageSize: 10)
    let first = try await paginator.page(on: db)
    let next = try #require(first.nextCursor)
    var tampered = Array(next)
    tampered[tampered.count / 3] = tampered[tampered.count / 3] == "A" ? "B" : "A"

    let attempts: [(String, () async throws -> Page<PagedItem>)] = [
        ("tampered", { try await paginator.page(on: db, after: String(tampered)) }),
        ("truncated", { try await paginator.page(on: db, after: String(next.dropLast(5))) }),
        ("garbage", { try await paginator.page(on: db, after: "'; DROP TABLE paged_items; --") }),
        ("empty", { try await paginator.page(on: db, after: "") }),
        ("another listing", { try await other.page(on: db, after: next) }),
        ("another secret", { try await stranger.page(on: db, after: next) }),
        ("after used as before", { try await paginator.page(on: db, before: next) }),
    ]
    for (label, attempt) in attempts {
        do {
            _ = try await attempt()
            Issue.record("\(label): accepted")
        } catch let error as PaginationError {
            guard case .invalidCursor = error else {
                Issue.record("\(label): \(error)")
                continue
            }
        }
    }
    await #expect(throws: PaginationError.pageSizeOutOfRange(size: 0, maximum: 20)) {
        try await paginator.page(on: db, size: 0)
    }
    await #expect(throws: PaginationError.pageSizeOutOfRange(size: 21, maximum: 20)) {
        try await paginator.page(on: db, size: 21)
    }
    #expect(throws: QuarryError.self) { try CursorPaginator(PagedItem.query.order { $0.score + 1 }, signer: signer) }
    #expect(try await PagedItem.count(on: db) == 50, "nothing in a cursor reached SQL")
    #expect(try await paginator.page(on: db, after: next).items.count == 10, "the genuine cursor still works")
}
