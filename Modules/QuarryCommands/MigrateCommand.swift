import ArgumentParser
import Foundation
import Quarry
import QuarryMigrations

/// `quarry migrate …`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create, apply and inspect schema migrations.",
        subcommands: [
            MigrateInit.self, MigrateCreate.self, MigrateUpgrade.self, MigrateDowngrade.self, MigrateHistory.self,
            MigrateCurrent.self, MigrateCheck.self, MigrateDeclareTypes.self,
        ])
}

/// The database option every command that touches one shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "postgres://… , sqlite:PATH or a file path (default: $QUARRY_DATABASE_URL, else the app's embedded SQLite file)")
    var database: String?

    /// The database's location: `--database`, or the configuration's (`QUARRY_DATABASE_URL`).
    func location() throws -> String {
        guard let location = database ?? QuarryCLI.configuration.databaseURL ?? QuarryCLI.configuration.defaultDatabase else {
            throw ValidationError("no database: pass --database or set QUARRY_DATABASE_URL")
        }
        return location
    }

    /// Opens the database, runs `body`, closes it. A SQLite file that does
    /// not exist is created only for commands that build a database
    /// (`creating`: `migrate upgrade`, `seed`, `db reset`); the others refuse it.
    func with<Value>(creating: Bool = false, _ body: (Database) async throws -> Value) async throws -> Value {
        let location = try location()
        let db = try await DatabaseLocation.open(location, mayCreate: creating)
        do {
            let value = try await body(db)
            await db.close()
            return value
        } catch {
            await db.close()
            throw error
        }
    }

    func migrator(_ db: Database) throws -> Migrator {
        let configuration = QuarryCLI.configuration
        return try Migrator(database: db, migrations: configuration.migrations) { configuration.output($0) }
    }
}

struct MigrateInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the migrations folder and its registry file.")

    func run() async throws {
        let configuration = QuarryCLI.configuration
        let registry = MigrationFiles(directory: configuration.migrationsDirectory)
        try registry.initialize()
        configuration.output("created \(registry.registryPath)")
    }
}

struct MigrateCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Write a new migration file (from the models with --autogenerate).")

    @Argument(help: "What the migration does, in snake_case (add_karma).") var name: String
    @Flag(help: "Compare the models with what the migrations build and write the difference.") var autogenerate = false
    @Option(name: .customLong("rename"), help: "A rename to use instead of drop + add: table.old=new or old=new (tables).")
    var renames: [String] = []

    func validate() throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ValidationError("the name takes letters, digits and underscores only")
        }
    }

    func run() async throws {
        let configuration = QuarryCLI.configuration
        let files = MigrationFiles(directory: configuration.migrationsDirectory)
        let fullName = try files.nextName(name, registered: configuration.migrations.count)
        let diff: SchemaDiff
        if autogenerate {
            guard !configuration.models.isEmpty else {
                throw ValidationError("--autogenerate needs the app's models: run the migrate command embedded in your app")
            }
            let built = try DatabaseSchema(replaying: configuration.migrations)
            let wanted = DatabaseSchema(models: configuration.models)
            var named = try renames.map(Self.parseRename)
            var planned = try SchemaDiff(from: built, to: wanted, renames: named)
            // A person at a terminal is asked about likely renames; scripts get comments.
            if isatty(STDIN_FILENO) == 1, !planned.renameCandidates.isEmpty {
                for case .column(let table, let from, let to) in planned.renameCandidates {
                    configuration.output("Was \(table).\(from) renamed to \(table).\(to)? [y/N] ")
                    if readLine()?.lowercased().hasPrefix("y") == true { named.append(.column(table: table, from: from, to: to)) }
                }
                planned = try SchemaDiff(from: built, to: wanted, renames: named)
            }
            diff = planned
            if diff.isEmpty {
                configuration.output("no changes: the models match the migrations")
                return
            }
        } else {
            diff = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema())
        }
        let path = try files.write(name: fullName, source: MigrationWriter.source(name: fullName, diff: diff))
        configuration.output("created \(path)")
        for item in diff.up where item.comment != nil { configuration.output("  check: \(item.comment!)") }
        for note in diff.notes { configuration.output("  to do by hand: \(note)") }
    }

    static func parseRename(_ text: String) throws -> SchemaRename {
        let sides = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard sides.count == 2, !sides[1].isEmpty else {
            throw ValidationError("--rename takes table.old=new (a column) or old=new (a table), got \(text)")
        }
        let left = sides[0].split(separator: ".", maxSplits: 1).map(String.init)
        return left.count == 2
            ? .column(table: left[0], from: left[1], to: sides[1]) : .table(from: sides[0], to: sides[1])
    }
}

struct MigrateUpgrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade", abstract: "Apply pending migrations (all, or up to TARGET).")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The last migration to apply.") var target: String?
    @Flag(help: "Print the SQL instead of running it.") var sql = false

    func run() async throws {
        let output = QuarryCLI.configuration.output
        try await options.with(creating: true) { db in
            let migrator = try options.migrator(db)
            if sql {
                let text = try await migrator.upgradeSQL(to: target)
                let isEmpty = text.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
                output(isEmpty ? "-- nothing to apply: the database is at \(try await migrator.current() ?? "base")" : text)
                return
            }
            let applied = try await migrator.upgrade(to: target)
            output(applied.isEmpty ? "nothing to apply" : "applied \(applied.count) migration(s)")
        }
    }
}

struct MigrateDowngrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade", abstract: "Revert migrations: the last one, --steps N, or --to TARGET (base: all).")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "How many applied migrations to revert.") var steps: Int?
    @Option(help: "The migration to keep as current; 'base' reverts all.") var to: String?
    @Flag(help: "Print the SQL instead of running it.") var sql = false

    func validate() throws {
        if steps != nil && to != nil { throw ValidationError("give --steps or --to, not both") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
    }

    func run() async throws {
        let output = QuarryCLI.configuration.output
        try await options.with { db in
            let migrator = try options.migrator(db)
            if sql {
                output(try await migrator.downgradeSQL(steps: to == nil ? steps ?? 1 : nil, to: to == "base" ? nil : to))
                return
            }
            let reverted = if let to {
                try await migrator.downgrade(to: to == "base" ? nil : to)
            } else {
                try await migrator.downgrade(steps: steps ?? 1)
            }
            output(reverted.isEmpty ? "nothing to revert" : "reverted \(reverted.count) migration(s)")
        }
    }
}

struct MigrateHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List migrations and when each was applied.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let output = QuarryCLI.configuration.output
        try await options.with { db in
            let formatter = ISO8601DateFormatter()
            for status in try await options.migrator(db).history() {
                output("\(status.appliedAt.map { formatter.string(from: $0) } ?? "pending             ")  \(status.name)")
            }
        }
    }
}

struct MigrateCurrent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "current", abstract: "Print the newest applied migration.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let output = QuarryCLI.configuration.output
        try await options.with { db in output(try await options.migrator(db).current() ?? "base (nothing applied)") }
    }
}

struct MigrateCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Compare the database with the models; exit 1 on drift or pending migrations.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let configuration = QuarryCLI.configuration
        let problems = try await options.with { db -> [String] in
            let pending = try await options.migrator(db).history().filter { !$0.isApplied }.map { "pending migration \($0.name)" }
            let live = try await SchemaIntrospector.read(db)
            return pending + SchemaDrift.compare(live: live, expected: DatabaseSchema(models: configuration.models), dialect: db.dialect)
        }
        guard !problems.isEmpty else {
            configuration.output("ok: the database matches the models")
            return
        }
        for line in problems { configuration.output("drift: \(line)") }
        throw ExitCode.failure
    }
}

struct MigrateDeclareTypes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare-types",
        abstract: "Declare SQLite columns by their kinds (TIMESTAMP, BOOLEAN, UUID, …) where an older Quarry declared storage classes.",
        discussion: """
            Files made before Quarry declared each kind by its own name have dates, decimals and JSON \
            in TEXT columns, booleans in INTEGER ones and UUIDs in BLOB ones, so introspection, \
            `migrate check`, backups and `inspectdb` cannot tell them apart. This rebuilds those \
            tables from their own text with the type names changed, in one transaction; the rows \
            are not touched. The kinds come from the app's models, else from its migrations.
            """)

    @OptionGroup var options: DatabaseOptions
    @Flag(name: .customLong("dry-run"), help: "List the columns without changing them.") var dryRun = false

    func run() async throws {
        let configuration = QuarryCLI.configuration
        try await options.with { db in
            let expected = configuration.models.isEmpty
                ? try DatabaseSchema(replaying: configuration.migrations) : DatabaseSchema(models: configuration.models)
            let changes = try await options.migrator(db).declareColumnTypes(as: expected, dryRun: dryRun)
            for change in changes { configuration.output((dryRun ? "would declare " : "declared ") + change.description) }
            if changes.isEmpty { configuration.output("nothing to declare: every column has its kind's type name") }
        }
    }
}
