import ArgumentParser
import Foundation
import Quarry

/// `quarry scaffold Model field:type…`.
struct ScaffoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaffold", abstract: "Write a new model, the migration creating its table, and its CRUD routes.",
        discussion: """
            Fields: name:type[?][:modifier…]. Types: string (255 characters), text, int, int64, double, bool, date, uuid,
            decimal, json, data; `?` makes the column nullable. Modifiers: unique, index, max=N, now, ref=Model.
            Example: quarry scaffold Article title:string:max=200 body:text authorID:int64:ref=Author publishedAt:date?
            """)

    @Argument(help: "The model's type name (Article).") var model: String
    @Argument(help: "Its fields, name:type[?][:modifier…].") var fields: [String] = []
    @Option(help: "Where Models/ and Routes/ go.") var sources = "Sources/App"
    @Flag(help: "Overwrite existing files.") var force = false

    func run() async throws {
        let configuration = QuarryCLI.configuration
        let scaffold: Scaffold
        do {
            scaffold = try Scaffold(model: model, fields: fields)
        } catch QuarryError.invalidArgument(let name, let reason) {
            throw ValidationError("\(name): \(reason)")
        }
        let modelPath = (sources as NSString).appendingPathComponent("Models/\(model).swift")
        let routesPath = (sources as NSString).appendingPathComponent("Routes/\(model)Routes.swift")
        for path in [modelPath, routesPath] where !force && FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) exists: pass --force to overwrite it")
        }
        for (path, source) in [(modelPath, scaffold.modelSource), (routesPath, scaffold.routesSource)] {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try source.write(toFile: path, atomically: true, encoding: .utf8)
            configuration.output("created \(path)")
        }
        let files = MigrationFiles(directory: configuration.migrationsDirectory)
        try files.initialize()
        let name = try files.nextName("create_\(scaffold.table)", registered: configuration.migrations.count)
        let migration = try files.write(name: name, source: try scaffold.migrationSource(name: name))
        configuration.output("created \(migration)")
        configuration.output("next: add \(model).self to your models, call add\(model)Routes(to:cursorSecret:), and run `migrate upgrade`")
    }
}
