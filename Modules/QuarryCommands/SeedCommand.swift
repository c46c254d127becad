import ArgumentParser
import Foundation
import Quarry
import QuarrySeeding

#if canImport(Glibc)
import Glibc
#endif

/// `quarry seed [FILE…]`: loads seed files with the app's registered models.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load seed files (.json, .yaml) into the database: idempotent, in one transaction.",
        discussion: """
            Rows refer to each other by natural key; loading the same files twice changes nothing.
            On bad data the file, row and field are named and nothing is written (exit status 65).
            Models are registered by the app (QuarryConfiguration(seeds:)): run this from the app's executable.
            """)

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Seed files; default: every .json/.yaml/.yml file in the seeds folder (sorted).") var files: [String] = []
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        try await Self.load(files, options: options, json: json)
    }

    /// Loads `files` (or the seeds folder's) and prints the report; `db reset --seed` calls it too.
    static func load(_ files: [String], options: DatabaseOptions, json: Bool) async throws {
        let configuration = QuarryCLI.configuration
        guard !configuration.seeds.isEmpty else {
            throw ValidationError("this executable registers no seed models: run `seed` from the app's executable, built with QuarryConfiguration(seeds:)")
        }
        let urls = try files.isEmpty ? Self.seedFiles(in: configuration.seedsDirectory) : files.map { URL(fileURLWithPath: $0) }
        let bar = ProgressBar(label: "seeding")
        let report = try await options.with(creating: true) { db in
            try await Seeder(configuration.seeds).load(urls, into: db, progress: bar.update)
        }
        bar.finish()
        if json {
            let sections = report.sections.map { name, counts in
                ["section": JSON.string(name), "inserted": .int(Int64(counts.inserted)), "updated": .int(Int64(counts.updated)),
                 "unchanged": .int(Int64(counts.unchanged))]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            configuration.output(String(decoding: try encoder.encode(JSON.array(sections.map(JSON.object))), as: UTF8.self))
        } else {
            for (name, counts) in report.sections {
                configuration.output("\(name): \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged")
            }
        }
    }

    static func seedFiles(in directory: String) throws -> [URL] {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ValidationError("no seed files given and no folder \(directory): pass FILE… or create \(directory)/")
        }
        let files = names.filter { ["json", "yaml", "yml"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !files.isEmpty else { throw ValidationError("\(directory)/ holds no .json, .yaml or .yml files") }
        return files.map { url.appendingPathComponent($0) }
    }
}

/// A one-line progress bar on standard error when it is a terminal (never in
/// pipes, logs or `--json` output).
final class ProgressBar: Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1

    init(label: String) {
        self.label = label
    }

    var update: @Sendable (Int, Int) -> Void {
        { [label, enabled] done, total in
            guard enabled, total > 0 else { return }
            let width = 30
            let filled = done * width / total
            let line = "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total)"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
