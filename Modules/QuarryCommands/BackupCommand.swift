import ArgumentParser
import Foundation
import Quarry

/// `quarry backup FILE`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write every table's rows to a portable file (JSON Lines).",
        discussion: """
            The file restores into SQLite or PostgreSQL (quarry restore), whichever it came from.
            To copy one PostgreSQL database to another, pg_dump keeps more (functions, triggers, exact types) and is faster.
            """)

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The file to write.") var file: String
    @Flag(help: "Print the row counts as JSON.") var json = false

    func run() async throws {
        let bar = ProgressBar(label: "backup")
        let counts = try await options.with { db in
            try await PortableBackup.write(
                from: db, to: URL(fileURLWithPath: file), models: QuarryCLI.configuration.models.compactMap { $0 as? any Model.Type },
                progress: bar.update)
        }
        bar.finish()
        report(counts, verb: "wrote", json: json)
    }
}

/// `quarry restore FILE`.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Load a portable backup into the database's empty tables, in one transaction.",
        discussion: "Run the migrations first (quarry db reset --yes); tables must be empty.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The backup file.") var file: String
    @Flag(help: "Print the row counts as JSON.") var json = false

    func run() async throws {
        let bar = ProgressBar(label: "restore")
        let counts = try await options.with { db in
            try await PortableBackup.restore(from: URL(fileURLWithPath: file), into: db, progress: bar.update)
        }
        bar.finish()
        report(counts, verb: "restored", json: json)
    }
}

private func report(_ counts: PortableBackup.Counts, verb: String, json: Bool) {
    let output = QuarryCLI.configuration.output
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = JSON.array(counts.map { .object(["table": .string($0.table), "rows": .int(Int64($0.rows))]) })
        output(String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self))
    } else {
        for (table, rows) in counts { output("\(verb) \(rows) row\(rows == 1 ? "" : "s") of \(table)") }
    }
}
