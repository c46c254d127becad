// What `quarry-demo` was asked to do: the tour, `serve` (with its options),
// help, or one of Quarry's commands — and the one-line errors it stops with
// when it cannot start here.

import Foundation
import QuarryCommands

/// The demo's own command line, parsed; anything else goes to Quarry's CLI.
enum DemoCommand: Equatable {
    /// No arguments: the scripted tour on a fresh temporary file.
    case tour
    /// `serve [--seed] [--pool N] [DATABASE]`.
    case serve(database: String, seed: Bool, pool: Int?)
    /// `--help`, `-h`, `help` or `serve --help`: the demo's usage, and for
    /// the top level Quarry's commands after it.
    case help(serveOnly: Bool)
    /// One of Quarry's commands (`db`, `migrate`, `seed`, …).
    case cli

    /// The SQLite file `serve` keeps its data in unless told otherwise.
    static let defaultDatabase = ".build/demo.sqlite"

    static let usage = """
        quarry-demo — the Quarry demo blog (Hummingbird on SQLite or PostgreSQL)

        USAGE:
          quarry-demo                      start the API on a free port, run a scripted tour of real
                                           HTTP requests against it, print what happened, and stop
          quarry-demo serve [--seed] [--pool N] [DATABASE]
                                           keep it running on http://127.0.0.1:8080 (PORT to change);
                                           docs at /docs, OpenAPI at /openapi.json
          quarry-demo <command> …          Quarry's commands with the blog's models (below)

        SERVE:
          DATABASE    a SQLite file (PATH or sqlite:PATH) or a postgres:// URL
                      (default: \(defaultDatabase), created with its tables on first use)
          --seed      load Seeds/blog.json even though the database exists (rows with the
                      same natural key are set back to the file's values); a new database
                      is always seeded, an existing one keeps what the API wrote
          --pool N    at most N connections: PostgreSQL's pool, or SQLite's readers
                      (default: twice the CPUs, at least 4, for PostgreSQL; 4 readers)
          -h, --help  show this help
        """

    /// Parses the arguments after the executable's name.
    ///
    /// ```swift
    /// try DemoCommand.parse(["serve", "--seed"])   // .serve(database: ".build/demo.sqlite", seed: true, pool: nil)
    /// ```
    static func parse(_ arguments: [String]) throws(DemoError) -> DemoCommand {
        guard let first = arguments.first else { return .tour }
        if ["-h", "--help", "help"].contains(first) && arguments.count == 1 { return .help(serveOnly: false) }
        guard first == "serve" else { return .cli }
        var database: String?
        var seed = false
        var pool: Int?
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help": return .help(serveOnly: true)
            case "--seed": seed = true
            case "--pool":
                guard let value = rest.popFirst(), let size = Int(value), (1...1_000).contains(size) else {
                    throw DemoError.usage("serve: --pool takes a number of connections from 1 to 1000")
                }
                pool = size
            case _ where argument.hasPrefix("-"):
                throw DemoError.usage("serve: unknown option '\(argument)'")
            case _ where database != nil:
                throw DemoError.usage("serve: one database only, got '\(database!)' and '\(argument)'")
            default: database = argument
            }
        }
        return .serve(database: database ?? defaultDatabase, seed: seed, pool: pool)
    }
}

/// Why the demo cannot start, in one line, with the exit status a shell
/// script can test (sysexits: 64 usage, 66 missing input).
struct DemoError: Error, CustomStringConvertible {
    let description: String
    let status: Int32

    /// A command line the demo does not understand.
    static func usage(_ problem: String) -> DemoError {
        DemoError(description: "\(problem) (quarry-demo serve --help shows the options)", status: 64)
    }

    /// The seed file is not where the demo looks for it (the repository's root).
    static func missingSeeds(_ file: URL) -> DemoError {
        DemoError(
            description: "\(file.relativePath) is missing: run quarry-demo from the root of the Quarry repository "
                + "(make demo, make serve), or serve a database that exists without --seed",
            status: 66)
    }

    /// The folder a SQLite file would be created in does not exist.
    static func missingFolder(_ folder: String, for file: String) -> DemoError {
        DemoError(
            description: "the folder '\(folder)' for the SQLite file '\(file)' does not exist: "
                + "create it (mkdir -p '\(folder)') or name another file",
            status: 66)
    }

    /// The SQLite file's folder must exist (the file itself is created);
    /// PostgreSQL URLs and in-memory databases have none.
    static func checkFolder(of database: String) throws(DemoError) {
        guard !DatabaseLocation.isPostgres(database), !DatabaseLocation.isMemory(database) else { return }
        let path = DatabaseLocation.sqlitePath(database)
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw missingFolder(folder, for: path)
        }
    }
}
