import Foundation
import Quarry
import QuarryTesting
import Testing

@Model(table: "shelves")
struct Shelf {
    @ID var id: Int64?
    var label: String
}

@Model(table: "volumes")
struct Volume {
    @ID var id: Int64?
    @Column(.references(Shelf.self, onDelete: .cascade)) var shelfID: Int64
    @Column(.references(Shelf.self, onDelete: .setNull)) var lentFromID: Int64?
    @Column(.references(Shelf.self, onDelete: .restrict)) var archiveID: Int64?
}

@Model(table: "categories")
struct Category: Equatable {
    @ID var id: Int64?
    var name: String
    @Column(.references(Category.self, onDelete: .cascade)) var parentID: Int64?
    @BelongsTo var parent: Category?
    @HasMany(\Category.parentID) var children: [Category]?
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Foreign keys and the statement counter")
struct ForeignKeyTests {
    @Test("onDelete cascade, set null and restrict behave as declared", arguments: TestDatabase.all)
    func onDelete(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), onDeleteScenario)
    }

    @Test("a self-referential tree deletes its subtree", arguments: TestDatabase.all)
    func selfReference(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), treeScenario)
    }

    @Test("the statement counter counts what a block ran", arguments: TestDatabase.all)
    func counter(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), counterScenario)
    }
}

private func onDeleteScenario(_ db: Database) async throws {
    try await db.createTables(Shelf.self, Volume.self)
    let shelves = try await Shelf.insert([Shelf(label: "home"), Shelf(label: "lender"), Shelf(label: "archive")], on: db)
    let (home, lender, archive) = (shelves[0].id!, shelves[1].id!, shelves[2].id!)
    try await Volume.insert([
        Volume(shelfID: home, lentFromID: lender, archiveID: archive),
        Volume(shelfID: lender, lentFromID: nil, archiveID: nil),
    ], on: db)

    var restrictError: QuarryError?
    do { try await Shelf.delete(on: db, id: archive) } catch let error as QuarryError { restrictError = error }
    let shelvesAfterRestrict = try await Shelf.count(on: db)

    try await Shelf.delete(on: db, id: lender)   // cascades to the volume on it, nulls the other's lender
    let volumes = try await Volume.query.all(on: db)

    var orphanError: QuarryError?
    do {
        try await db.raw("INSERT INTO volumes (shelf_id) VALUES (\(Int64(999)))").execute()
    } catch let error as QuarryError { orphanError = error }

    guard case .foreignKeyViolation? = restrictError else {
        Issue.record("restrict: expected foreignKeyViolation, got \(String(describing: restrictError))")
        return
    }
    #expect(shelvesAfterRestrict == 3)
    #expect(volumes.count == 1)
    #expect(volumes.first?.shelfID == home && volumes.first?.lentFromID == nil && volumes.first?.archiveID == archive)
    guard case .foreignKeyViolation? = orphanError else {
        Issue.record("orphan: expected foreignKeyViolation, got \(String(describing: orphanError))")
        return
    }
    #expect(try await Volume.count(on: db) == 1)
}

private func treeScenario(_ db: Database) async throws {
    try await db.createTables(Category.self)
    let root = try await Category(name: "root").insert(on: db)
    let child = try await Category(name: "child", parentID: root.id).insert(on: db)
    try await Category(name: "grandchild", parentID: child.id).insert(on: db)
    try await Category(name: "other").insert(on: db)
    try await root.delete(on: db)
    let left = try await Category.query.all(on: db).map(\.name)
    #expect(left == ["other"])
}

private func counterScenario(_ db: Database) async throws {
    try await db.createTables(Shelf.self)
    let (_, inserts) = try await StatementCounter.count {
        try await Shelf.insert((0..<10).map { Shelf(label: "s\($0)") }, on: db)
    }
    let (rows, reads) = try await StatementCounter.count {
        let all = try await Shelf.query.all(on: db)
        let one = try await Shelf.query.first(on: db)
        return all.count + (one == nil ? 0 : 1)
    }
    let (_, transactional) = try await StatementCounter.count {
        try await db.transaction { tx in try await Shelf(label: "t").insert(on: tx) }
    }
    #expect(inserts == 1, "ten rows, one multi-row INSERT")
    #expect(rows == 11 && reads == 2)
    #expect(transactional == 3, "BEGIN, INSERT, COMMIT")
}
