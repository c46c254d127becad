import ArgumentParser
import Foundation
import Quarry
import QuarryMigrations

/// `quarry db create | drop | reset | inspect`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, drop, reset and inspect the database.",
        subcommands: [DatabaseCreate.self, DatabaseDrop.self, DatabaseReset.self, DatabaseInspect.self])
}

struct DatabaseCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create the database (a PostgreSQL database, or an empty SQLite file).")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let location = try options.location()
        let created = try await DatabaseAdministration.create(location)
        QuarryCLI.configuration.output(created ? "created \(DatabaseAdministration.describe(location))" : "\(DatabaseAdministration.describe(location)) exists already")
    }
}

struct DatabaseDrop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Drop the database and everything in it (asks for --yes).")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Confirm: every table and row goes.") var yes = false

    func run() async throws {
        let location = try options.location()
        guard yes else {
            throw ValidationError("dropping \(DatabaseAdministration.describe(location)) deletes all its data: add --yes to confirm")
        }
        let dropped = try await DatabaseAdministration.drop(location)
        QuarryCLI.configuration.output(dropped ? "dropped \(DatabaseAdministration.describe(location))" : "\(DatabaseAdministration.describe(location)) did not exist")
    }
}

struct DatabaseReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Drop, create and migrate the database; then load the seed files with --seed (asks for --yes).")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Confirm: every table and row goes.") var yes = false
    @Flag(help: "Load the seeds folder's files afterwards.") var seed = false

    func run() async throws {
        let location = try options.location()
        guard yes else {
            throw ValidationError("resetting \(DatabaseAdministration.describe(location)) deletes all its data: add --yes to confirm")
        }
        let configuration = QuarryCLI.configuration
        _ = try await DatabaseAdministration.drop(location)
        _ = try await DatabaseAdministration.create(location)
        try await options.with(creating: true) { db in
            let applied = try await options.migrator(db).upgrade()
            configuration.output("reset \(DatabaseAdministration.describe(location)): \(applied.count) migration(s) applied")
        }
        if seed { try await SeedCommand.load([], options: options, json: false) }
    }
}

struct DatabaseInspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "List the tables with their columns, indexes, foreign keys and row counts.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let output = QuarryCLI.configuration.output
        try await options.with { db in
            let schema = try await SchemaIntrospector.read(db)
            if schema.tableNames.isEmpty && !json { output("no tables") }
            var tables: [JSON] = []
            for name in schema.tableNames {
                let table = schema.tables[name]!
                let rows = try await db.fetchAll("SELECT COUNT(*) FROM \(identifier: name)").first?.values.first
                let count: Int64 = if case .int(let number) = rows { number } else { 0 }
                if json {
                    tables.append(.object([
                        "name": .string(name), "rows": .int(count), "primaryKey": .array(table.primaryKey.map(JSON.string)),
                        "columns": .array(table.columns.map { column in
                            .object(["name": .string(column.name), "type": .string(Self.describe(column.type)), "nullable": .bool(column.isNullable)])
                        }),
                        "indexes": .array(table.indexes.map { index in
                            .object(["name": .string(index.name), "columns": .array(index.columns.map(JSON.string)), "unique": .bool(index.isUnique)])
                        }),
                        "foreignKeys": .array(table.foreignKeys.map { key in
                            .object([
                                "name": .string(key.name), "columns": .array(key.columns.map(JSON.string)),
                                "referencedTable": .string(key.referencedTable),
                                "referencedColumns": .array(key.referencedColumns.map(JSON.string)),
                                "onDelete": .string(key.onDelete.rawValue),
                            ])
                        }),
                    ]))
                    continue
                }
                output("\(name)  (\(count) row\(count == 1 ? "" : "s"))")
                for column in table.columns {
                    let key = table.primaryKey.contains(column.name) ? "  primary key" : ""
                    output("  \(column.name)  \(Self.describe(column.type))\(column.isNullable ? "  null" : "")\(key)")
                }
                for index in table.indexes {
                    output("  index \(index.name)\(index.isUnique ? " unique" : "") (\(index.columns.joined(separator: ", ")))")
                }
                for key in table.foreignKeys {
                    // As SQL names it: foreign key fk_posts_author_id (author_id) references authors (id) on delete cascade
                    output("  foreign key \(key.name) (\(key.columns.joined(separator: ", "))) references \(key.referencedTable) "
                        + "(\(key.referencedColumns.joined(separator: ", "))) on delete \(key.onDelete.rawValue.lowercased())")
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                output(String(decoding: try encoder.encode(JSON.object(["tables": .array(tables)])), as: UTF8.self))
            }
        }
    }

    /// `text(80)`, `int64`, `date`.
    static func describe(_ type: ColumnType) -> String {
        switch type {
        case .text(let maxLength?): "text(\(maxLength))"
        case .text(nil): "text"
        default: "\(type)"
        }
    }
}
