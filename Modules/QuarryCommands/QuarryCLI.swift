import ArgumentParser
import Foundation
import Quarry
import QuarryMigrations
import QuarrySeeding

/// Runs the `quarry` commands with an app's configuration and returns the
/// exit status: 0 on success, 1 on an error or on drift (`check`), 64 on a
/// usage error, 65 on bad seed data, 66 on a missing seed file.
///
/// ```swift
/// // In the app's executable, before serving:
/// if CommandLine.arguments.dropFirst().first == "migrate" {
///     exit(await QuarryCLI.run(configuration: configuration))
/// }
/// ```
public enum QuarryCLI {
    @TaskLocal static var configuration = QuarryConfiguration()

    public static func run(
        _ arguments: [String] = Array(CommandLine.arguments.dropFirst()), configuration: QuarryConfiguration
    ) async -> Int32 {
        await $configuration.withValue(configuration) {
            do {
                var command = try QuarryCommand.parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch let error as MigrationError {
                configuration.output("error: \(error)")
                return 1
            } catch let error as SeedError {
                configuration.output("error: \(error)")
                // EX_NOINPUT: a file is missing; EX_DATAERR: the input data is wrong.
                return error.isMissingFile ? 66 : 65
            } catch let error as QuarryError {
                configuration.output("error: \(error)")
                return 1
            } catch {
                let code = QuarryCommand.exitCode(for: error)
                let message = QuarryCommand.fullMessage(for: error)
                if !message.isEmpty { configuration.output(message) }
                return code.rawValue
            }
        }
    }
}

/// `quarry`: the root command.
struct QuarryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry", abstract: "Quarry's command line.", subcommands: [
            MigrateCommand.self, SeedCommand.self, DatabaseCommand.self, BackupCommand.self, RestoreCommand.self,
            InspectDatabaseCommand.self, ScaffoldCommand.self, HealthCommand.self,
        ])
}
