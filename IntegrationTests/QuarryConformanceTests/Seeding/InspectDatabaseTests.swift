import Foundation
import Quarry
import QuarryCommands
import QuarryMigrations
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// Type-checks Swift source against the Quarry module and @Model macro of
/// this build (.build/debug), as a user's package would compile it.
private func typecheck(_ source: String) async throws -> (status: Int32, errors: String) {
    let root = fixturesDirectory.deletingLastPathComponent()
    let build = root.appendingPathComponent(".build/debug")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-inspectdb-\(UUID().uuidString).swift")
    try source.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try await runProgram("/usr/bin/env", [
        "swiftc", "-typecheck", "-swift-version", "6", "-I", build.appendingPathComponent("Modules").path,
        "-load-plugin-executable", build.appendingPathComponent("QuarryMacros-tool").path + "#QuarryMacros", file.path,
    ])
    return (result.status, result.output)
}

/// Compiles `source` with a main that prints each type's `schema`, links
/// it against this build's Quarry, runs it, and returns what it printed.
private func describeSchemas(_ source: String, types: [String]) async throws -> String {
    let build = fixturesDirectory.deletingLastPathComponent().appendingPathComponent(".build/debug")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-roundtrip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try source.write(to: folder.appendingPathComponent("Models.swift"), atomically: true, encoding: .utf8)
    let main = "import Quarry\n" + types.map { "print(String(reflecting: \($0).schema))" }.joined(separator: "\n") + "\n"
    try main.write(to: folder.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
    func objects(_ target: String) throws -> [String] {
        let directory = build.appendingPathComponent("\(target).build")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".o") }
            .map { directory.appendingPathComponent($0).path }
    }
    let compile = try await runProgram("/usr/bin/env", [
        "swiftc", "-swift-version", "6", "-module-name", "Generated", "-I", build.appendingPathComponent("Modules").path,
        "-load-plugin-executable", build.appendingPathComponent("QuarryMacros-tool").path + "#QuarryMacros",
        folder.appendingPathComponent("main.swift").path, folder.appendingPathComponent("Models.swift").path,
        "-o", folder.appendingPathComponent("roundtrip").path,
    ] + (try objects("Quarry")) + (try objects("Logging")))
    guard compile.status == 0 else { return "compile failed: \(compile.output)" }
    return try await runProgram(folder.appendingPathComponent("roundtrip").path, []).output
}

/// Runs a program to its end without blocking a cooperative thread: its
/// output goes to a file (reading a pipe would block until it exits) and
/// the wait is a polling sleep.
private func runProgram(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-program-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: log.path, contents: nil), let handle = FileHandle(forWritingAtPath: log.path) else {
        throw CocoaError(.fileWriteUnknown)
    }
    defer { try? FileManager.default.removeItem(at: log) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    try handle.close()
    return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
}

/// Schema descriptions without the module names of the types they mention.
private func normalized(_ text: String) -> String {
    text.replacingOccurrences(of: "QuarryConformanceTests.", with: "").replacingOccurrences(of: "Generated.", with: "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite("quarry inspectdb: @Model source from an existing database")
struct InspectDatabaseTests {
    @Test("the generated models match the tables (names, types, keys, unique, lengths, references) and compile", arguments: TestDatabase.all)
    func generate(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), generateScenario)
    }
}

private func generateScenario(_ db: Database) async throws {
    try await db.createTables(SeedAuthor.self, SeedTag.self, SeedPost.self, SeedPostTag.self)
    let source = ModelSourceGenerator.source(for: try await SchemaIntrospector.read(db))
    let expected = [
        "@Model(table: \"seed_posts\")",
        "struct SeedPost {",
        "    @ID var id: Int64?",
        "    @Column(.references(SeedAuthor.self, onDelete: .cascade)) var authorID: Int64",
        "    @Column(.unique) var slug: String",
        "    @Column(.maxLength(60)) var title: String",
        "    var views: Int64 = 0",
        // SQLite's columns are declared by kind (TIMESTAMP), so a date reads back as one.
        "    var publishedAt: Date?",
    ]
    for line in expected { #expect(source.contains(line + "\n"), "missing: \(line)\n\(source)") }
    #expect(source.contains("struct SeedAuthor {") && source.contains("@Column(.unique) var email: String"))
    #expect(source.contains("struct SeedPostTag {") && source.contains(".references(SeedTag.self, onDelete: .cascade)) var tagID: Int64"))
    #expect(!source.contains("quarry_migrations"))

    let checked = try await typecheck(source)
    #expect(checked.status == 0, "the generated source compiles: \(checked.errors)")
    do {
        // Round trip: the generated models, compiled and run, describe the
        // same tables as the models that made them.
        let models: [any Model.Type] = [SeedAuthor.self, SeedPost.self, SeedPostTag.self, SeedTag.self]
        let described = try await describeSchemas(source, types: models.map { "\($0)" })
        let original = models.map { String(reflecting: $0.schema) }.joined(separator: "\n")
        #expect(normalized(described) == normalized(original), "generated:\n\(described)\noriginal:\n\(original)")
    }
    let broken = try await typecheck(source.replacingOccurrences(of: "var slug: String", with: "var slug: Strin"))
    #expect(broken.status != 0, "the check fails on broken source")
}

@Suite("quarry scaffold: a model, its migration and its routes")
struct ScaffoldTests {
    @Test("writes the three files, which compile; bad fields and existing files are refused with exit status 64")
    func scaffold() async throws {
        try await scaffoldScenario()
    }
}

private func scaffoldScenario() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-scaffold-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let printed = PrintedLines()
    let configuration = QuarryConfiguration(
        migrationsDirectory: folder.appendingPathComponent("Migrations").path, databaseURL: nil, output: printed.append)
    let arguments = [
        "scaffold", "Article", "title:string:max=200", "body:text", "authorID:int64:ref=SeedAuthor:index", "slug:string:unique",
        "views:int", "publishedAt:date?", "createdAt:date:now", "--sources", folder.path,
    ]
    #expect(await QuarryCLI.run(arguments, configuration: configuration) == 0, "\(printed.text)")
    let model = try String(contentsOf: folder.appendingPathComponent("Models/Article.swift"), encoding: .utf8)
    #expect(model.contains("@Model(table: \"articles\")"))
    #expect(model.contains("@Column(.indexed, .references(SeedAuthor.self, onDelete: .cascade)) var authorID: Int64"))
    #expect(model.contains("@Column(.defaultNow) var createdAt: Date?"))
    let routes = try String(contentsOf: folder.appendingPathComponent("Routes/ArticleRoutes.swift"), encoding: .utf8)
    #expect(routes.contains("CRUDRouter(Article.self, path: \"articles\"") && routes.contains(".filterable(\"slug\", \\.slug)"))
    let migrations = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Migrations").path)
    let migrationName = try #require(migrations.first { $0.hasPrefix("0001_create_articles") })
    let migration = try String(contentsOf: folder.appendingPathComponent("Migrations/\(migrationName)"), encoding: .utf8)
    #expect(migration.contains("articles") && migration.contains("author_id"))

    let author = "@Model(table: \"seed_authors\")\nstruct SeedAuthor {\n    @ID var id: Int64?\n    var email: String\n}\n"
    let checked = try await typecheck(model + "\n" + author)
    #expect(checked.status == 0, "the model compiles: \(checked.errors)")
    let migrationChecked = try await typecheck(migration.replacingOccurrences(of: "import QuarryMigrations", with: "import QuarryMigrations\nimport Quarry"))
    #expect(migrationChecked.status == 0, "the migration compiles: \(migrationChecked.errors)")

    #expect(await QuarryCLI.run(arguments, configuration: configuration) == 64, "the files exist")
    #expect(printed.text.contains("exists: pass --force"))
    #expect(await QuarryCLI.run(["scaffold", "Note", "text:strng", "--sources", folder.path], configuration: configuration) == 64)
    #expect(printed.text.contains("unknown type \"strng\""))
    #expect(await QuarryCLI.run(["scaffold", "note", "--sources", folder.path], configuration: configuration) == 64)
    #expect(await QuarryCLI.run(["scaffold", "Note", "default:string", "--sources", folder.path], configuration: configuration) == 64)
    #expect(printed.text.contains("default: is a Swift keyword"), "\(printed.text)")

    // A second scaffold before the app is rebuilt (the first migration is on
    // disk, not yet registered) takes the next number, not the same one.
    #expect(await QuarryCLI.run(["scaffold", "Remark", "text:text", "--sources", folder.path], configuration: configuration) == 0)
    let numbered = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Migrations").path)
        .filter { $0.first?.isNumber == true }.sorted()
    #expect(numbered == ["0001_create_articles.swift", "0002_create_remarks.swift"], "\(numbered)")
}

/// What `quarry scaffold ScaffoldedEntry …` (below) writes, byte for byte, so
/// that `migrate check` can compare the model with the scaffold's migration.
@Model(table: "scaffolded_entries")
struct ScaffoldedEntry {
    @ID var id: Int64?
    @Column(.maxLength(120)) var title: String
    @Column(.unique, .maxLength(255)) var slug: String
    @Column(.indexed, .references(SeedAuthor.self, onDelete: .cascade)) var authorID: Int64
    var views: Int
    var publishedAt: Date?
    @Column(.defaultNow) var createdAt: Date?
}

private let scaffoldedEntrySource = """
    @Model(table: "scaffolded_entries")
    struct ScaffoldedEntry {
        @ID var id: Int64?
        @Column(.maxLength(120)) var title: String
        @Column(.unique, .maxLength(255)) var slug: String
        @Column(.indexed, .references(SeedAuthor.self, onDelete: .cascade)) var authorID: Int64
        var views: Int
        var publishedAt: Date?
        @Column(.defaultNow) var createdAt: Date?
    }
    """

@Suite("quarry scaffold and migrate check agree")
struct ScaffoldDriftTests {
    @Test("a scaffold's migration builds exactly the table its model declares: migrate check right after it reports no drift",
          arguments: TestDatabase.all)
    func noDrift(_ database: TestDatabase) async throws {
        try await scaffoldDriftScenario(try freshLocation(database))
    }
}

private func scaffoldDriftScenario(_ location: String) async throws {
    let scaffold = try Scaffold(model: "ScaffoldedEntry", fields: [
        "title:string:max=120", "slug:string:unique:index", "authorID:int64:ref=SeedAuthor:index", "views:int", "publishedAt:date?",
        "createdAt:date:now",
    ])
    #expect(scaffold.modelSource.contains(scaffoldedEntrySource), "\(scaffold.modelSource)")
    #expect(scaffold.tableDefinition == TableDefinition(model: ScaffoldedEntry.self))
    let migrations = [
        Migration("0001_create_seed_authors", up: [.createTable(TableDefinition(model: SeedAuthor.self))], down: [.dropTable("seed_authors")]),
        Migration("0002_create_scaffolded_entries", up: [.createTable(scaffold.tableDefinition)], down: [.dropTable("scaffolded_entries")]),
    ]
    let printed = PrintedLines()
    let configuration = QuarryConfiguration(
        migrations: migrations, models: [SeedAuthor.self, ScaffoldedEntry.self], databaseURL: location, output: printed.append)
    #expect(await QuarryCLI.run(["db", "create"], configuration: configuration) == 0, "\(printed.text)")
    let upgraded = await QuarryCLI.run(["migrate", "upgrade"], configuration: configuration)
    let checked = await QuarryCLI.run(["migrate", "check"], configuration: configuration)
    _ = await QuarryCLI.run(["db", "drop", "--yes"], configuration: configuration)
    #expect(upgraded == 0, "\(printed.text)")
    #expect(checked == 0 && printed.text.contains("ok: the database matches the models"), "\(printed.text)")
}
