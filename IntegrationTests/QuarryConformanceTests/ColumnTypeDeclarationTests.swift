import Foundation
import Quarry
import QuarryMigrations
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Model(table: "gigs")
private struct Gig: Equatable {
    @ID var id: Int64?
    @Column(.maxLength(80)) var title: String
    var startsAt: Date
    var price: Decimal
    var isPublic: Bool
    var ref: UUID
    var meta: JSON
    var ratio: Double
    var weight: Float
    var note: String?
}

@Model(table: "tickets")
private struct Ticket: Equatable {
    @ID var id: Int64?
    @Column(.references(Gig.self, onDelete: .cascade)) var gigID: Int64
    var soldAt: Date
}

@Suite("Declared column types: introspection reads back each kind, older SQLite files are redeclared")
struct ColumnTypeDeclarationTests {
    @Test("introspection reads back the kind of every column a model declares", arguments: TestDatabase.all)
    func readBack(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), readBackScenario)
    }

    @Test("decimals keep every digit and dates compare as dates in their declared columns", arguments: TestDatabase.all)
    func exactValues(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), exactValuesScenario)
    }

    @Test("a file declared by storage classes is redeclared with rows, checks, indexes, triggers, views and children kept",
        arguments: TestDatabase.all)
    func legacyFile(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), legacyFileScenario)
    }
}

/// What a type reads back as: SQLite's integers are all 64-bit.
private func comparable(_ type: ColumnType, _ dialect: any SQLDialect) -> ColumnType {
    dialect.name == "sqlite" && type.isInteger ? .int64 : type
}

private func readBackScenario(_ db: Database) async throws {
    try await db.createTables(AllTypes.self, Gig.self, Ticket.self)
    let live = try await SchemaIntrospector.read(db)
    let expected = DatabaseSchema(models: [AllTypes.self, Gig.self, Ticket.self])
    let drift = SchemaDrift.compare(live: live, expected: expected, dialect: db.dialect)

    #expect(drift.isEmpty, "\(drift)")
    for name in expected.tableNames {
        let want = try #require(expected.tables[name]), have = try #require(live.tables[name])
        for column in want.columns {
            let read = have.column(column.name)?.type
            #expect(read.map { comparable($0, db.dialect) } == comparable(column.type, db.dialect), "\(name).\(column.name)")
        }
    }
    let dates = try #require(live.tables["all_types"]).columns.filter { $0.type == .date }.map(\.name)
    #expect(dates.sorted() == ["date", "optional_date"])
}

private func exactValuesScenario(_ db: Database) async throws {
    try await db.createTables(Gig.self)
    let precise = try #require(Decimal(string: "12345678901234567890.123456789"))
    let early = Date(microsecondsSince1970: 1_700_000_000_000_001)
    let late = Date(microsecondsSince1970: 1_800_000_000_000_000)
    for (title, at) in [("early", early), ("late", late)] {
        try await Gig(
            title: title, startsAt: at, price: precise, isPublic: title == "late", ref: UUID(), meta: ["n": 1.50],
            ratio: 0.25, weight: 1.5, note: nil
        ).insert(on: db)
    }
    let prices = try await Gig.query.all(on: db).map(\.price)
    let after = try await Gig.query.filter { $0.startsAt > early }.all(on: db).map(\.title)
    let visible = try await Gig.query.filter { $0.isPublic == true }.all(on: db).map(\.title)

    #expect(prices == [precise, precise], "a DECIMAL column of SQLite would keep 15 digits of this")
    #expect(after == ["late"])
    #expect(visible == ["late"])
}

private func legacyFileScenario(_ db: Database) async throws {
    let migrator = try Migrator(database: db, migrations: [])
    let models = DatabaseSchema(models: [Gig.self, Ticket.self])
    guard db.dialect.name == "sqlite" else {
        // PostgreSQL's columns carry their types: there is nothing to redeclare.
        try await db.createTables(Gig.self, Ticket.self)
        #expect(try await migrator.declareColumnTypes(as: models).isEmpty)
        return
    }
    // The DDL an older Quarry wrote: storage classes, plus what a person
    // added by hand — an unnamed check with a comma, parenthesis and quote
    // in a string, an expression index, a trigger and a view.
    for statement: SQL in [
        """
        CREATE TABLE "gigs" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL CHECK (length("title") <= 80), \
        "starts_at" TEXT NOT NULL, "price" TEXT NOT NULL, "is_public" INTEGER NOT NULL, "ref" BLOB NOT NULL, \
        "meta" TEXT NOT NULL, "ratio" REAL NOT NULL, "weight" REAL NOT NULL, "note" TEXT, \
        CHECK ("note" IS NULL OR "note" <> 'a, b) "c'''))
        """,
        """
        CREATE TABLE "tickets" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
        "gig_id" INTEGER NOT NULL REFERENCES "gigs" ("id") ON DELETE CASCADE, "sold_at" TEXT NOT NULL)
        """,
        #"CREATE TABLE "gig_log" ("title" TEXT)"#,
        """
        CREATE TABLE "quarry_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL,         "applied_at" TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'))
        """,
        #"CREATE INDEX "ix_gigs_starts_at" ON "gigs" ("starts_at")"#,
        #"CREATE INDEX "ix_gigs_lower_title" ON "gigs" (lower("title"))"#,
        #"CREATE TRIGGER "gigs_log" AFTER INSERT ON "gigs" BEGIN INSERT INTO "gig_log" VALUES (new."title"); END"#,
        #"CREATE VIEW "public_gigs" AS SELECT "title" FROM "gigs" WHERE "is_public" = 1"#,
    ] {
        try await db.execute(statement)
    }
    let stored = try await Gig(
        title: "opening", startsAt: Date(microsecondsSince1970: 1_700_000_000_123_456),
        price: try #require(Decimal(string: "0.000000000000000000123")), isPublic: true, ref: UUID(),
        meta: ["tags": ["a", "b"]], ratio: -0.5, weight: 2.5, note: "x"
    ).insert(on: db)
    let ticket = try await Ticket(gigID: stored.id!, soldAt: Date(microsecondsSince1970: 1_700_000_000_000_000)).insert(on: db)

    let before = SchemaDrift.compare(live: try await SchemaIntrospector.read(db), expected: models, dialect: db.dialect)
    let planned = try await migrator.declareColumnTypes(as: models, dryRun: true)
    let unchangedByDryRun = try await db.fetchValue(
        String.self, "SELECT type FROM pragma_table_info('gigs') WHERE name = 'starts_at'")
    let declared = try await migrator.declareColumnTypes(as: models)
    let again = try await migrator.declareColumnTypes(as: models)
    let after = SchemaDrift.compare(live: try await SchemaIntrospector.read(db), expected: models, dialect: db.dialect)

    let gig = try await Gig.get(on: db, id: stored.id!)
    let tickets = try await Ticket.query.all(on: db)
    try await Gig(
        title: "encore", startsAt: Date(microsecondsSince1970: 1_800_000_000_000_000), price: 1, isPublic: false,
        ref: UUID(), meta: nil, ratio: 1, weight: 1, note: nil
    ).insert(on: db)
    let logged = try await db.fetchValues(String.self, "SELECT title FROM gig_log ORDER BY rowid")
    let visible = try await db.fetchValues(String.self, "SELECT title FROM public_gigs")
    let indexes = try await db.fetchValues(
        String.self, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'gigs' AND sql IS NOT NULL ORDER BY name")
    var refused: QuarryError?
    do {
        try await db.execute(#"UPDATE "gigs" SET "note" = 'a, b) "c''' WHERE "id" = \#(stored.id!)"#)
    } catch let error as QuarryError { refused = error }
    let keys = try await db.fetchAll("SELECT * FROM pragma_foreign_key_check")

    let lines = Set(planned.map(\.description))
    #expect(before.contains { $0.hasPrefix("column gigs.starts_at is TEXT, the model says TIMESTAMP") && $0.contains("declare-types") },
        "\(before)")
    #expect(lines == [
        "gigs.starts_at: TEXT → TIMESTAMP", "gigs.price: TEXT → DECIMAL TEXT", "gigs.is_public: INTEGER → BOOLEAN",
        "gigs.ref: BLOB → UUID", "gigs.meta: TEXT → JSON TEXT", "gigs.weight: REAL → FLOAT",
        "tickets.sold_at: TEXT → TIMESTAMP", "quarry_migrations.applied_at: TEXT → TIMESTAMP",
    ], "\(lines)")
    #expect(unchangedByDryRun == "TEXT", "a dry run changes nothing")
    #expect(Set(declared) == Set(planned))
    #expect(again.isEmpty, "nothing is left to declare: \(again)")
    #expect(after == before.filter { !$0.hasPrefix("column ") }, "only the hand-made table, view and indexes are left: \(after)")
    #expect(before.filter { $0.hasPrefix("column ") }.count == 7, "\(before)")
    #expect(gig == stored, "the row reads back exactly as it was stored")
    #expect(tickets == [ticket], "dropping the old parent table cascaded to no child")
    #expect(logged == ["opening", "encore"], "the trigger was recreated")
    #expect(visible == ["opening"], "the view was recreated")
    #expect(indexes == ["ix_gigs_lower_title", "ix_gigs_starts_at"], "both indexes, the expression one included")
    #expect(refused != nil, "the unnamed check survived")
    #expect(keys.isEmpty)
}
