import Foundation
import QuarryMigrations

/// The migrations folder of an app: one Swift file per migration and a
/// registry file listing them in order (`allMigrations`), which
/// `migrate create` appends to.
struct MigrationFiles {
    let directory: String

    var registryPath: String { (directory as NSString).appendingPathComponent("Migrations.swift") }

    static let registryTemplate = """
        // Every migration of the app, oldest first. `quarry migrate create` appends new ones.
        import QuarryMigrations

        let allMigrations: [Migration] = [
        ]

        """

    func initialize() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard !FileManager.default.fileExists(atPath: registryPath) else { return }
        try Self.registryTemplate.write(toFile: registryPath, atomically: true, encoding: .utf8)
    }

    /// The name of the next migration, `NNNN_suffix`: its number follows both
    /// the registered migrations and the numbered files already in the
    /// folder (a migration written but not yet compiled into the app, say
    /// by a scaffold a moment ago).
    ///
    /// ```swift
    /// try MigrationFiles(directory: "Migrations").nextName("create_articles", registered: 1)   // "0003_create_articles" after 0002_… was written
    /// ```
    func nextName(_ suffix: String, registered: Int) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let onDisk = names.compactMap { name -> Int? in
            guard name.hasSuffix(".swift"), name.count > 5 else { return nil }
            let digits = name.prefix { $0.isNumber }
            guard digits.count == 4, name.dropFirst(4).first == "_" else { return nil }
            return Int(digits)
        }
        let next = max(registered, onDisk.max() ?? 0) + 1
        return String(format: "%04d_%@", next, suffix)
    }

    /// Writes `NAME.swift` and registers it; returns the file's path.
    func write(name: String, source: String) throws -> String {
        try initialize()
        let path = (directory as NSString).appendingPathComponent("\(name).swift")
        guard !FileManager.default.fileExists(atPath: path) else {
            throw MigrationError.invalidOperation("\(path) exists")
        }
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        var registry = try String(contentsOfFile: registryPath, encoding: .utf8)
        guard let close = registry.range(of: "\n]", options: .backwards) else {
            throw MigrationError.invalidOperation("\(registryPath) has no `allMigrations` array to append to")
        }
        registry.insert(contentsOf: "\n    \(MigrationWriter.identifier(for: name)),", at: close.lowerBound)
        try registry.write(toFile: registryPath, atomically: true, encoding: .utf8)
        return path
    }
}
