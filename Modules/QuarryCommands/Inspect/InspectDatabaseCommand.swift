import ArgumentParser
import Foundation
import Quarry
import QuarryMigrations

/// `quarry inspectdb`.
struct InspectDatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspectdb", abstract: "Write @Model source for the tables of an existing database.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "Only these tables (repeatable).") var table: [String] = []
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let source = try await options.with { db in
            let schema = try await SchemaIntrospector.read(db)
            let unknown = table.filter { schema.tables[$0] == nil }
            guard unknown.isEmpty else {
                throw ValidationError("no table \(unknown.joined(separator: ", ")) (tables: \(schema.tableNames.joined(separator: ", ")))")
            }
            return ModelSourceGenerator.source(for: schema, only: table.isEmpty ? nil : Set(table))
        }
        if let output {
            try source.write(toFile: output, atomically: true, encoding: .utf8)
            QuarryCLI.configuration.output("wrote \(output)")
        } else {
            QuarryCLI.configuration.output(source)
        }
    }
}

/// `quarry health`.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Check that the database answers and its migrations are applied (exit 0 healthy, 1 not).")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let configuration = QuarryCLI.configuration
        let location = try options.location()
        var checks: [(name: String, healthy: Bool, detail: String)] = []
        let started = ContinuousClock.now
        do {
            try await options.with { db in
                _ = try await db.fetchAll("SELECT 1")
                let elapsed = ContinuousClock.now - started
                checks.append(("database", true, "\(DatabaseAdministration.describe(location)) answered in \(elapsed.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1))))"))
                if !configuration.migrations.isEmpty {
                    let pending = try await options.migrator(db).history().filter { !$0.isApplied }.map(\.name)
                    checks.append(("migrations", pending.isEmpty, pending.isEmpty ? "all \(configuration.migrations.count) applied" : "pending: \(pending.joined(separator: ", "))"))
                }
            }
        } catch {
            checks.append(("database", false, "\(DatabaseAdministration.describe(location)): \(error)"))
        }
        let healthy = checks.allSatisfy(\.healthy)
        if json {
            let body: JSON = .object([
                "healthy": .bool(healthy),
                "checks": .array(checks.map { .object(["name": .string($0.name), "healthy": .bool($0.healthy), "detail": .string($0.detail)]) }),
            ])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            configuration.output(String(decoding: try encoder.encode(body), as: UTF8.self))
        } else {
            for check in checks { configuration.output("\(check.healthy ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        }
        if !healthy { throw ExitCode.failure }
    }
}
