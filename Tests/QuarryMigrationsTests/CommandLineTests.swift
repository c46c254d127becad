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

@Suite("Where the quarry commands find their database")
struct DatabaseLocationTests {
    @Test("only commands that build a database create a SQLite file; the others refuse a missing one and name it")
    func missingFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-location-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("typo.sqlite").path
        let lines = Lines()
        let migrations = [
            Migration("0001_create_notes", up: [.createTable(TableDefinition(model: Note.self))], down: [.dropTable("notes")])
        ]
        let configuration = QuarryConfiguration(migrations: migrations, models: [Note.self], databaseURL: "sqlite:\(path)", output: lines.append)

        var refused: [String: Int32] = [:]
        for command in [["db", "inspect"], ["health"], ["migrate", "check"], ["migrate", "history"], ["migrate", "current"]] {
            refused[command.joined(separator: " ")] = await QuarryCLI.run(command, configuration: configuration)
        }
        let createdByReads = FileManager.default.fileExists(atPath: path)
        let upgrade = await QuarryCLI.run(["migrate", "upgrade"], configuration: configuration)
        let nothingPending = await QuarryCLI.run(["migrate", "upgrade", "--sql"], configuration: configuration)

        #expect(refused.values.allSatisfy { $0 == 1 }, "\(refused)")
        #expect(!createdByReads, "a command that only reads created \(path)")
        #expect(lines.all.filter { $0.contains("no SQLite file at \(path)") }.count >= 4, "\(lines.text)")
        #expect(upgrade == 0 && FileManager.default.fileExists(atPath: path))
        #expect(nothingPending == 0 && lines.all.last?.hasPrefix("-- nothing to apply: the database is at 0001_create_notes") == true,
                "\(lines.all.last ?? "")")
    }

    @Test("a URL of another scheme is refused by name, before anything is created")
    func unknownScheme() async throws {
        for location in ["mysql://root@127.0.0.1/blog", "mariadb://db/app", "redis://127.0.0.1"] {
            await #expect {
                _ = try await DatabaseLocation.open(location)
            } throws: { error in
                guard case QuarryError.invalidConnectionString(let message) = error else { return false }
                return message.contains("unknown database scheme '\(location.prefix { $0 != ":" })://'")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "mysql://root@127.0.0.1/blog"))
        let memory = try await DatabaseLocation.open("sqlite::memory:", mayCreate: false)
        await memory.close()
    }
}
