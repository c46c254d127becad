import Foundation
import Quarry
import QuarryCommands
import QuarryMigrations
import Synchronization
import Testing

@Model(table: "notes")
private struct Note {
    @ID var id: Int64?
    var text: String
}

/// Lines a command printed.
private final class Lines: Sendable {
    private let storage = Mutex<[String]>([])
    var all: [String] { storage.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

@Suite("The quarry migrate commands")
struct CommandLineTests {
    private func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("init and create write the files and register them; create --autogenerate writes the models' tables")
    func files() async throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Lines()
        let directory = folder.appendingPathComponent("Migrations").path
        let configuration = QuarryConfiguration(
            models: [Note.self], migrationsDirectory: directory, databaseURL: nil, output: lines.append)

        let initStatus = await QuarryCLI.run(["migrate", "init"], configuration: configuration)
        let createStatus = await QuarryCLI.run(["migrate", "create", "create_notes", "--autogenerate"], configuration: configuration)
        let badName = await QuarryCLI.run(["migrate", "create", "bad name"], configuration: configuration)
        let registry = try String(contentsOfFile: directory + "/Migrations.swift", encoding: .utf8)
        let migration = try String(contentsOfFile: directory + "/0001_create_notes.swift", encoding: .utf8)

        #expect(initStatus == 0 && createStatus == 0)
        #expect(badName == 64, "a usage error")
        #expect(registry.contains("let allMigrations: [Migration] = [\n    m0001_create_notes,\n]"))
        #expect(migration.contains(#".createTable(TableDefinition("#) && migration.contains(#""notes","#))
        #expect(lines.all.contains("created \(directory)/0001_create_notes.swift"))
    }

    @Test("upgrade, history, current, check and downgrade against a database, with exit codes")
    func lifecycle() async throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Lines()
        let migrations = [
            Migration("0001_create_notes", up: [.createTable(TableDefinition(model: Note.self))], down: [.dropTable("notes")])
        ]
        let configuration = QuarryConfiguration(
            migrations: migrations, models: [Note.self], migrationsDirectory: folder.path,
            databaseURL: "sqlite:" + folder.appendingPathComponent("app.sqlite").path, output: lines.append)

        let sql = await QuarryCLI.run(["migrate", "upgrade", "--sql"], configuration: configuration)
        let printed = lines.text
        let pending = await QuarryCLI.run(["migrate", "check"], configuration: configuration)
        let upgrade = await QuarryCLI.run(["migrate", "upgrade"], configuration: configuration)
        let check = await QuarryCLI.run(["migrate", "check"], configuration: configuration)
        let current = await QuarryCLI.run(["migrate", "current"], configuration: configuration)
        let downgrade = await QuarryCLI.run(["migrate", "downgrade", "--to", "base"], configuration: configuration)
        let unknown = await QuarryCLI.run(["migrate", "upgrade", "0009_nothing"], configuration: configuration)

        #expect(sql == 0)
        #expect(printed.contains(#"CREATE TABLE "notes""#) && printed.contains("INSERT INTO \"quarry_migrations\""))
        #expect(pending == 1, "a pending migration is drift")
        #expect(upgrade == 0 && check == 0 && current == 0 && downgrade == 0)
        #expect(unknown == 1)
        #expect(lines.all.contains("drift: pending migration 0001_create_notes"))
        #expect(lines.all.contains("ok: the database matches the models"))
        #expect(lines.all.contains("0001_create_notes"))
        #expect(lines.all.contains("reverted 1 migration(s)"))
        #expect(lines.all.last == "error: no migration is named 0009_nothing")
    }
}
