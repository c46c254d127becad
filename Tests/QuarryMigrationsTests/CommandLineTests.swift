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

@Model(table: "memos")
private struct Memo {
    @ID var id: Int64?
    var text: String
    var at: Date
    var done: Bool
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

extension CommandLineTests {
    @Test("declare-types redeclares a file an older Quarry made; check names the fix first, inspectdb reads Date and Bool after")
    func declareTypes() async throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let db = try await DatabaseLocation.open("sqlite:" + path, mayCreate: true)
        try await db.execute(#"CREATE TABLE "memos" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "text" TEXT NOT NULL, "at" TEXT NOT NULL, "done" INTEGER NOT NULL)"#)
        try await db.execute(#"INSERT INTO "memos" ("text", "at", "done") VALUES ('hi', '2026-12-07 10:00:00.000000', 1)"#)
        await db.close()
        let lines = Lines()
        let configuration = QuarryConfiguration(models: [Memo.self], databaseURL: "sqlite:" + path, output: lines.append)

        let drifted = await QuarryCLI.run(["migrate", "check"], configuration: configuration)
        let dryRun = await QuarryCLI.run(["migrate", "declare-types", "--dry-run"], configuration: configuration)
        let declared = await QuarryCLI.run(["migrate", "declare-types"], configuration: configuration)
        let nothing = await QuarryCLI.run(["migrate", "declare-types"], configuration: configuration)
        let clean = await QuarryCLI.run(["migrate", "check"], configuration: configuration)
        let inspected = folder.appendingPathComponent("Inspected.swift").path
        let inspect = await QuarryCLI.run(["inspectdb", "--output", inspected], configuration: configuration)
        let source = try String(contentsOfFile: inspected, encoding: .utf8)
        let reopened = try await DatabaseLocation.open("sqlite:" + path, mayCreate: false)
        let memo = try await Memo.query.all(on: reopened).first
        await reopened.close()

        #expect(drifted == 1 && dryRun == 0 && declared == 0 && nothing == 0 && clean == 0 && inspect == 0)
        #expect(lines.all.contains {
            $0.hasPrefix("drift: column memos.at is TEXT, the model says TIMESTAMP") && $0.contains("quarry migrate declare-types")
        }, "\(lines.text)")
        #expect(lines.all.contains("would declare memos.at: TEXT → TIMESTAMP"))
        #expect(lines.all.contains("declared memos.done: INTEGER → BOOLEAN"))
        #expect(lines.all.contains("nothing to declare: every column has its kind's type name"))
        #expect(lines.all.contains("ok: the database matches the models"))
        #expect(source.contains("var at: Date") && source.contains("var done: Bool"), "\(source)")
        #expect(memo?.text == "hi" && memo?.done == true && memo?.at == Date(microsecondsSince1970: 1_796_637_600_000_000))
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
