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

/// The next version of the columnists table: a bounded name and a bio.
@Model(table: "columnists")
struct ColumnistV2 {
    @ID var id: Int64?
    @Column(.maxLength(80)) var name: String
    var bio: String?
}

/// The next version of the view: long pieces only.
@View(name: "columnist_stats")
struct ColumnistStatsV2 {
    @ID var columnistID: Int64
    var name: String
    var pieces: Int
    var words: Int

    static let definition = ViewSQL("""
        SELECT c.id AS columnist_id, c.name AS name, count(p.id) AS pieces, coalesce(sum(p.words), 0) AS words
        FROM columnists c LEFT JOIN columns_written p ON p.columnist_id = c.id AND p.words >= 400
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

    @Test("migrations create a view after its tables, replace it around table changes, and drop it", arguments: TestDatabase.all)
    func migrations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), migrationScenario)
    }

    @Test("a SQLite table rebuild keeps the views over the table")
    func rebuildKeepsViews() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), rebuildScenario)
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

private func migrationScenario(_ db: Database) async throws {
    let first: [any FetchableModel.Type] = [Columnist.self, ColumnPiece.self, ColumnistStats.self]
    let second: [any FetchableModel.Type] = [ColumnistV2.self, ColumnPiece.self, ColumnistStatsV2.self]
    let create = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: first))
    let change = try SchemaDiff(from: DatabaseSchema(models: first), to: DatabaseSchema(models: second))
    let viewOnly = try SchemaDiff(from: DatabaseSchema(models: [Columnist.self, ColumnPiece.self, ColumnistStats.self]),
                                  to: DatabaseSchema(models: [Columnist.self, ColumnPiece.self, ColumnistStatsV2.self]))
    let source = MigrationWriter.source(name: "0001_columnists", diff: create)
    let chain = [
        Migration("0001_columnists", up: create.up.map(\.operation), down: create.down.map(\.operation)),
        Migration("0002_long_pieces", up: change.up.map(\.operation), down: change.down.map(\.operation)),
    ]
    let migrator = try Migrator(database: db, migrations: chain)
    try await migrator.upgrade(to: "0001_columnists")
    let ada = try await Columnist(name: "Ada").insert(on: db)
    try await ColumnPiece.insert(
        [ColumnPiece(columnistID: ada.id!, words: 500), ColumnPiece(columnistID: ada.id!, words: 100)], on: db)
    let before = try await ColumnistStats.get(on: db, id: ada.id!)
    try await migrator.upgrade()
    let after = try await ColumnistStatsV2.get(on: db, id: ada.id!)
    let live = try await SchemaIntrospector.read(db)
    let drift = SchemaDrift.compare(live: live, expected: DatabaseSchema(models: second), dialect: db.dialect)
    try await migrator.downgrade(steps: 1)
    let reverted = try await ColumnistStats.get(on: db, id: ada.id!)
    try await migrator.downgrade(to: nil)
    let empty = try await SchemaIntrospector.read(db)

    #expect(create.up.map { String($0.operation.summary.prefix { $0 != " " }) } == ["createTable", "createTable", "createView"])
    #expect(change.up.first.map { String($0.operation.summary.prefix { $0 != " " }) } == "dropView")
    #expect(change.up.last.map { String($0.operation.summary.prefix { $0 != " " }) } == "createView")
    #expect(viewOnly.up.map { String($0.operation.summary.prefix { $0 != " " }) } == ["dropView", "createView"])
    #expect(source.contains(#".createView(ViewDefinition("columnist_stats", sql: ViewSQL("#), "\(source)")
    #expect(before.pieces == 2 && before.words == 600)
    #expect(after.pieces == 1 && after.words == 500, "the replaced view counts long pieces only")
    #expect(live.views["columnist_stats"] != nil)
    #expect(drift.isEmpty, "\(drift)")
    #expect(reverted.pieces == 2, "downgrading puts the old view back")
    #expect(empty.views.isEmpty && empty.tables.isEmpty)
}

private func rebuildScenario(_ db: Database) async throws {
    let create = try SchemaDiff(
        from: DatabaseSchema(), to: DatabaseSchema(models: [Columnist.self, ColumnPiece.self, ColumnistStats.self]))
    let migrator = try Migrator(database: db, migrations: [
        Migration("0001_columnists", up: create.up.map(\.operation), down: create.down.map(\.operation)),
        // Written by hand, without dropping the view first.
        Migration(
            "0002_bound_name",
            up: [.alterColumn("columnists", ColumnDefinition("name", type: .text(maxLength: 80)))],
            down: [.alterColumn("columnists", ColumnDefinition("name", type: .text(maxLength: nil)))]),
    ])
    try await migrator.upgrade(to: "0001_columnists")
    let ada = try await Columnist(name: "Ada").insert(on: db)
    try await ColumnPiece(columnistID: ada.id!, words: 10).insert(on: db)
    try await migrator.upgrade()
    let stats = try await ColumnistStats.get(on: db, id: ada.id!)
    let live = try await SchemaIntrospector.read(db)

    #expect(stats.words == 10, "the view still reads the rebuilt table")
    #expect(live.tables["columnists"]?.column("name")?.type == .text(maxLength: 80))
}
