import Foundation
import Quarry
import QuarryMigrations
import QuarryTesting
import Testing

@Model(table: "enrollments")
struct Enrollment: TableOptions {
    @ID var id: Int64?
    var studentID: Int64
    var courseID: Int64
    var grade: Int?

    static let constraints: [TableConstraint] = [
        unique(\.studentID, \.courseID),
        check("grade BETWEEN 0 AND 100"),
        index(\.courseID, \.grade, where: "grade IS NOT NULL", name: "ix_graded"),
    ]
}

@Model(table: "documents")
struct Document: TableOptions {
    @ID var id: Int64?
    var email: String
    var createdAt: Date
    var title: String
    var attributes: JSON

    static let constraints: [TableConstraint] = [
        index(\.createdAt, options: IndexOptions(descending: ["created_at"], include: ["title"])),
        index(options: IndexOptions(expressions: ["lower(email)"]), name: "ix_documents_email_lower"),
        index(\.attributes, options: IndexOptions(method: .gin)),
    ]
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Schema: table constraints")
struct TableConstraintTests {
    @Test("composite unique, check and partial index reject bad rows with typed errors, on both paths", arguments: TestDatabase.all)
    func constraints(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), constraintScenario)
    }

    @Test("descending, expression, GIN and INCLUDE indexes are created (method and INCLUDE on PostgreSQL)", arguments: TestDatabase.all)
    func indexKinds(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), indexKindScenario)
    }
}

private func constraintScenario(_ db: Database) async throws {
    try await db.createTables(Enrollment.self)
    try await Enrollment(studentID: 1, courseID: 1, grade: 90).insert(on: db)
    try await Enrollment(studentID: 1, courseID: 2, grade: nil).insert(on: db)
    var duplicate: QuarryError?
    do { try await Enrollment(studentID: 1, courseID: 1, grade: 50).insert(on: db) } catch let error as QuarryError {
        duplicate = error
    }
    var outOfRange: QuarryError?
    do { try await Enrollment(studentID: 2, courseID: 1, grade: 101).insert(on: db) } catch let error as QuarryError {
        outOfRange = error
    }
    let live = try await SchemaIntrospector.read(db)
    let drift = SchemaDrift.compare(live: live, expected: DatabaseSchema(models: [Enrollment.self]), dialect: db.dialect)
    let generated = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: [Enrollment.self]))
    guard case .createTable(let table)? = generated.up.first?.operation else {
        Issue.record("expected a createTable")
        return
    }

    guard case .uniqueViolation? = duplicate else {
        Issue.record("expected a unique violation, got \(String(describing: duplicate))")
        return
    }
    guard case .checkViolation? = outOfRange else {
        Issue.record("expected a check violation, got \(String(describing: outOfRange))")
        return
    }
    #expect(drift.isEmpty, "\(drift)")
    #expect(live.tables["enrollments"]?.indexes.first { $0.name == "ix_graded" }?.condition != nil)
    #expect(Set(table.indexes.map(\.name)) == ["uq_enrollments_student_id_course_id", "ix_graded"])
    #expect(table.checks == [CheckConstraint("ck_enrollments_2", "grade BETWEEN 0 AND 100")])
    #expect(try await Enrollment.count(on: db) == 2)
}

private func indexKindScenario(_ db: Database) async throws {
    try await db.createTables(Document.self)
    try await Document(email: "A@x.io", createdAt: Date(), title: "t", attributes: ["k": 1]).insert(on: db)
    let definitions: [String]
    if db.dialect.name == "postgres" {
        definitions = try await db.fetchValues(
            String.self, "SELECT indexdef FROM pg_indexes WHERE tablename = 'documents' ORDER BY indexname")
    } else {
        definitions = try await db.fetchValues(
            String.self, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL ORDER BY name")
    }
    let text = definitions.joined(separator: "\n")
    let generated = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: [Document.self]))
    let source = MigrationWriter.source(name: "0001_documents", diff: generated)

    #expect(text.contains("lower(email)"), "\(text)")
    #expect(text.contains("created_at") && text.contains("DESC"), "\(text)")
    if db.dialect.name == "postgres" {
        #expect(text.contains("USING gin") && text.contains("INCLUDE (title)"), "\(text)")
    } else {
        #expect(!text.contains("INCLUDE") && !text.contains("USING"), "SQLite builds plain B-trees")
    }
    #expect(source.contains("options: IndexOptions(method: .gin)"))
    #expect(source.contains(#"options: IndexOptions(descending: ["created_at"], include: ["title"])"#))
}
