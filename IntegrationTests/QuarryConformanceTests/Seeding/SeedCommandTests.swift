import Foundation
import Quarry
import QuarryCommands
import QuarrySeeding
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

private let commandSeeds = SeedSet()
    .model(SeedAuthor.self, section: "authors", naturalKey: \.email)
    .model(SeedTag.self, section: "tags", naturalKey: \.name)

@Suite("quarry seed: the command, its exit statuses, --json and --help")
struct SeedCommandTests {
    @Test("seeds a database from files or the seeds folder; bad data exits 65 naming the row; no models 64; --help 0")
    func command() async throws {
        try await commandScenario()
    }
}

private func commandScenario() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-seed-cli-\(UUID().uuidString)")
    let seedsFolder = folder.appendingPathComponent("Seeds")
    try FileManager.default.createDirectory(at: seedsFolder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = "sqlite:" + folder.appendingPathComponent("app.sqlite").path
    let db = try await DatabaseLocation.open(database)
    try await db.createTables(SeedAuthor.self, SeedTag.self)
    await db.close()
    try "authors:\n  - {email: ada@example.com, name: Ada}\n  - {email: alan@example.com, name: Alan}\n"
        .write(to: seedsFolder.appendingPathComponent("people.yaml"), atomically: true, encoding: .utf8)
    try #"{"tags": [{"name": "swift"}]}"#.write(to: seedsFolder.appendingPathComponent("tags.json"), atomically: true, encoding: .utf8)

    let lines = PrintedLines()
    let configuration = QuarryConfiguration(seeds: commandSeeds, seedsDirectory: seedsFolder.path, databaseURL: database, output: lines.append)
    #expect(await QuarryCLI.run(["seed"], configuration: configuration) == 0)
    #expect(lines.text.contains("authors: 2 inserted, 0 updated, 0 unchanged"))
    #expect(lines.text.contains("tags: 1 inserted"))

    let json = PrintedLines()
    let jsonConfiguration = QuarryConfiguration(seeds: commandSeeds, seedsDirectory: seedsFolder.path, databaseURL: database, output: json.append)
    #expect(await QuarryCLI.run(["seed", "--json", seedsFolder.appendingPathComponent("people.yaml").path], configuration: jsonConfiguration) == 0)
    let report = try JSONDecoder().decode(JSON.self, from: Data(json.text.utf8))
    #expect(report == .array([.object(["section": .string("authors"), "inserted": .int(0), "updated": .int(0), "unchanged": .int(2)])]))

    let bad = seedsFolder.appendingPathComponent("bad.yaml")
    try "authors:\n  - {email: ok@example.com, name: Ok}\n  - {email: nope, name: Nope}\n".write(to: bad, atomically: true, encoding: .utf8)
    let errors = PrintedLines()
    let errorConfiguration = QuarryConfiguration(seeds: commandSeeds, databaseURL: database, output: errors.append)
    #expect(await QuarryCLI.run(["seed", bad.path], configuration: errorConfiguration) == 65)
    #expect(errors.text.contains("bad.yaml: authors[1].email"), "\(errors.text)")
    let check = try await DatabaseLocation.open(database)
    #expect(try await SeedAuthor.count(on: check) == 2, "the valid first row of the bad file was not written either")
    await check.close()

    let none = PrintedLines()
    #expect(await QuarryCLI.run(["seed", bad.path], configuration: QuarryConfiguration(databaseURL: database, output: none.append)) == 64)
    #expect(none.text.contains("registers no seed models"))

    let help = PrintedLines()
    #expect(await QuarryCLI.run(["seed", "--help"], configuration: QuarryConfiguration(output: help.append)) == 0)
    #expect(help.text.contains("USAGE: quarry seed") && help.text.contains("--database"))
    let missing = PrintedLines()
    let noFolder = QuarryConfiguration(seeds: commandSeeds, seedsDirectory: folder.appendingPathComponent("Nowhere").path, databaseURL: database, output: missing.append)
    #expect(await QuarryCLI.run(["seed"], configuration: noFolder) == 64)
    #expect(missing.text.contains("no seed files given"))
}
