import Foundation
import Quarry
import QuarryCommands
import QuarrySeeding
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// A database location of the test's own that does not exist yet.
func freshLocation(_ database: TestDatabase) throws -> String {
    switch database {
    case .sqlite:
        return "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("quarry-db-\(UUID().uuidString).sqlite").path
    case .postgres:
        var url = try #require(URLComponents(string: try TestDatabase.postgresURL()))
        url.path = "/quarry_cli_\(UUID().uuidString.prefix(8).lowercased())"
        return try #require(url.string)
    }
}

private func run(_ arguments: [String], _ location: String) async -> (status: Int32, text: String) {
    let printed = PrintedLines()
    let status = await QuarryCLI.run(arguments + ["--database", location], configuration: QuarryConfiguration(databaseURL: nil, output: printed.append))
    return (status, printed.text)
}

@Suite("quarry db: create, inspect, drop")
struct DatabaseCommandTests {
    @Test("create makes the database once; inspect lists tables, columns, indexes and row counts; drop asks for --yes", arguments: TestDatabase.all)
    func lifecycle(_ database: TestDatabase) async throws {
        try await lifecycleScenario(try freshLocation(database))
    }
}

private func lifecycleScenario(_ location: String) async throws {
    let created = await run(["db", "create"], location)
    #expect(created.status == 0 && created.text.hasPrefix("created "), "\(created.text)")
    #expect(await run(["db", "create"], location).text.contains("exists already"))

    let db = try await DatabaseLocation.open(location)
    try await db.createTables(SeedAuthor.self, SeedPost.self)
    try await SeedAuthor(email: "ada@example.com", name: "Ada").insert(on: db)
    await db.close()

    let inspected = await run(["db", "inspect"], location)
    #expect(inspected.status == 0)
    #expect(inspected.text.contains("seed_authors  (1 row)"), "\(inspected.text)")
    #expect(inspected.text.contains("  email  text") && inspected.text.contains("unique"), "\(inspected.text)")
    // Foreign keys as SQL names them, not as Swift dumps them.
    // (createTables leaves the constraint's name to the database: PostgreSQL
    // calls it seed_posts_author_id_fkey.)
    let keyName = location.hasPrefix("postgres") ? "seed_posts_author_id_fkey" : "fk_seed_posts_author_id"
    #expect(inspected.text.contains(
        "  foreign key \(keyName) (author_id) references seed_authors (id) on delete cascade"), "\(inspected.text)")
    #expect(!inspected.text.contains("ForeignKeyDefinition("))
    let json = await run(["db", "inspect", "--json"], location)
    let document = try JSONDecoder().decode(JSON.self, from: Data(json.text.utf8))
    guard case .array(let tables) = document["tables"] else { Issue.record("no tables in \(json.text)"); return }
    #expect(tables.first?["name"] == .string("seed_authors"))
    #expect(tables.first?["rows"] == .int(1))
    let posts = tables.first { $0["name"] == .string("seed_posts") }
    guard case .array(let keys)? = posts?["foreignKeys"] else { Issue.record("no foreign keys in \(json.text)"); return }
    #expect(keys == [.object([
        "name": .string(keyName), "columns": ["author_id"], "referencedTable": "seed_authors",
        "referencedColumns": ["id"], "onDelete": "CASCADE",
    ])])

    let refused = await run(["db", "drop"], location)
    #expect(refused.status == 64 && refused.text.contains("add --yes"))
    let dropped = await run(["db", "drop", "--yes"], location)
    #expect(dropped.status == 0 && dropped.text.hasPrefix("dropped "), "\(dropped.text)")
    #expect(await run(["db", "drop", "--yes"], location).text.contains("did not exist"))
}

@Suite("quarry: every command's --help, and the error when no database is named")
struct CommandHelpTests {
    @Test("--help exits 0 with the usage line; a database command without --database or QUARRY_DATABASE_URL exits 64 saying so",
          arguments: [
            ["seed"], ["db", "create"], ["db", "drop"], ["db", "reset"], ["db", "inspect"], ["backup"], ["restore"], ["inspectdb"],
            ["health"], ["scaffold"], ["migrate", "upgrade"],
          ])
    func help(_ command: [String]) async throws {
        let printed = PrintedLines()
        #expect(await QuarryCLI.run(command + ["--help"], configuration: QuarryConfiguration(databaseURL: nil, output: printed.append)) == 0)
        #expect(printed.text.contains("USAGE: quarry \(command.joined(separator: " "))"), "\(printed.text)")
        guard command != ["scaffold"] else { return }
        let arguments = command + (["backup", "restore"].contains(command[0]) ? ["file.jsonl"] : []) + (command == ["db", "drop"] || command == ["db", "reset"] ? ["--yes"] : [])
        let failed = PrintedLines()
        let status = await QuarryCLI.run(arguments, configuration: QuarryConfiguration(seeds: .init(), defaultDatabase: nil, databaseURL: nil, output: failed.append))
        #expect(status == 64, "\(command): \(failed.text)")
        #expect(failed.text.contains("no database: pass --database or set QUARRY_DATABASE_URL") || failed.text.contains("registers no seed models"),
                "\(command): \(failed.text)")
    }
}

@Suite("quarry health")
struct HealthCommandTests {
    @Test("healthy: exit 0 and the database's answer time; unreachable: exit 1 naming it", arguments: TestDatabase.all)
    func health(_ database: TestDatabase) async throws {
        let location = try freshLocation(database)
        _ = await run(["db", "create"], location)
        let healthy = await run(["health", "--json"], location)
        #expect(healthy.status == 0, "\(healthy.text)")
        let report = try JSONDecoder().decode(JSON.self, from: Data(healthy.text.utf8))
        #expect(report["healthy"] == .bool(true))
        _ = await run(["db", "drop", "--yes"], location)
        let unreachable = await run(["health"], database == .postgres ? location : "postgres://nobody@127.0.0.1:1/nowhere")
        #expect(unreachable.status == 1 && unreachable.text.contains("FAIL database"), "\(unreachable.text)")
    }
}

@Suite("quarry: the embedded SQLite default")
struct DefaultDatabaseTests {
    @Test("without --database or QUARRY_DATABASE_URL, commands use the configuration's embedded SQLite file")
    func defaultDatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-default-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let printed = PrintedLines()
        let configuration = QuarryConfiguration(defaultDatabase: "sqlite:\(path)", databaseURL: nil, output: printed.append)
        #expect(await QuarryCLI.run(["db", "create"], configuration: configuration) == 0)
        #expect(printed.text == "created SQLite file \(path)")
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
