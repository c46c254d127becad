import Foundation
import Quarry
import QuarryMigrations
import QuarrySeeding

/// What the `quarry` commands know about an app: its migrations, its
/// models (for autogenerate and check), where migration files live, and
/// which database to use. An app embeds the commands with its own
/// configuration, so they know its models.
///
/// ```swift
/// let configuration = QuarryConfiguration(
///     migrations: allMigrations, models: [Author.self, Post.self],
///     migrationsDirectory: "Sources/App/Migrations", seeds: BlogSeed.seeds)
/// exit(await QuarryCLI.run(configuration: configuration))
/// ```
public struct QuarryConfiguration: Sendable {
    public var migrations: [Migration]
    /// The tables and views (`@View` models) the app declares.
    public var models: [any FetchableModel.Type]
    /// Where `migrate init` and `migrate create` write Swift files.
    public var migrationsDirectory: String
    /// The models seed files may name (`quarry seed`).
    public var seeds: SeedSet
    /// Where `quarry seed` without arguments finds its files.
    public var seedsDirectory: String
    /// The database when `--database` is not given; by default the
    /// `QUARRY_DATABASE_URL` environment variable.
    public var databaseURL: String?
    /// The database when neither `--database` nor ``databaseURL`` names
    /// one: an embedded SQLite file (`quarry.sqlite` in the current
    /// directory); nil makes naming one required.
    public var defaultDatabase: String?
    /// Where lines go (standard output by default).
    public var output: @Sendable (String) -> Void

    public init(
        migrations: [Migration] = [], models: [any FetchableModel.Type] = [], migrationsDirectory: String = "Migrations",
        seeds: SeedSet = SeedSet(), seedsDirectory: String = "Seeds", defaultDatabase: String? = "sqlite:quarry.sqlite", databaseURL: String? = ProcessInfo.processInfo.environment["QUARRY_DATABASE_URL"],
        output: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
        self.migrations = migrations
        self.models = models
        self.migrationsDirectory = migrationsDirectory
        self.seeds = seeds
        self.seedsDirectory = seedsDirectory
        self.defaultDatabase = defaultDatabase
        self.databaseURL = databaseURL
        self.output = output
    }
}
