import Foundation
import Quarry
import QuarryMigrations
import QuarryTesting
import Testing

@Model(table: "columnists")
struct Columnist {
    @ID var id: Int64?
    var name: String
    @HasOne(\ColumnistStats.columnistID) var stats: ColumnistStats?
}

@Model(table: "columns_written")
struct ColumnPiece {
    @ID var id: Int64?
    @Column(.references(Columnist.self, onDelete: .cascade)) var columnistID: Int64
    var words: Int
}

/// A read-only model over a view: per columnist, how many pieces and words.
@View(name: "columnist_stats")
struct ColumnistStats {
    @ID var columnistID: Int64
    var name: String
    var pieces: Int
    var words: Int
    @BelongsTo var columnist: Columnist?

    static let definition = ViewSQL("""
        SELECT c.id AS columnist_id, c.name AS name, count(p.id) AS pieces, coalesce(sum(p.words), 0) AS words
        FROM columnists c LEFT JOIN columns_written p ON p.columnist_id = c.id
        GROUP BY c.id, c.name
        """)
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Schema: views as read-only models")
struct ViewTests {
    @Test("a view is queried with the DSL, got by key, prefetched both ways, and is not a Model", arguments: TestDatabase.all)
    func queries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), queryScenario)
    }
}

private func queryScenario(_ db: Database) async throws {
    try await db.createTables(Columnist.self, ColumnPiece.self)
    try await db.createViews(ColumnistStats.self)
    let ada = try await Columnist(name: "Ada").insert(on: db)
    let bob = try await Columnist(name: "Bob").insert(on: db)
    _ = try await Columnist(name: "Cy").insert(on: db)
    try await ColumnPiece.insert(
        [ColumnPiece(columnistID: ada.id!, words: 500), ColumnPiece(columnistID: ada.id!, words: 700),
         ColumnPiece(columnistID: bob.id!, words: 300)],
        on: db)

    let busy = try await ColumnistStats.filter { $0.pieces >= 1 }.order { $0.words.desc() }.all(on: db)
    let adaStats = try await ColumnistStats.get(on: db, id: ada.id!)
    let idle = try await ColumnistStats.filter { $0.pieces == 0 }.count(on: db)
    let withColumnist = try await ColumnistStats.query.order { $0.name }.prefetch(\.columnist).all(on: db)
    let withStats = try await Columnist.query.order { $0.name }.prefetch(\.stats).all(on: db)
    let longest = try await Columnist.filter { $0.stats.words > 1000 }.all(on: db).map(\.name)
    try await db.dropViews(ColumnistStats.self)
    let gone = await #expect(throws: QuarryError.self) { try await ColumnistStats.query.count(on: db) }

    #expect(busy.map(\.name) == ["Ada", "Bob"])
    #expect(busy.map(\.words) == [1200, 300])
    #expect(adaStats.pieces == 2)
    #expect(idle == 1)
    #expect(withColumnist.map { $0.columnist?.name } == ["Ada", "Bob", "Cy"])
    #expect(withStats.map { $0.stats?.pieces } == [2, 1, 0])
    #expect(longest == ["Ada"])
    #expect(gone != nil, "the view was dropped")
    #expect(!((ColumnistStats.self as Any.Type) is any Model.Type), "a view is not writable")
    #expect((ColumnistStats.self as Any.Type) is any FetchableModel.Type)
}
