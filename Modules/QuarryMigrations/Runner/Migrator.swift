import Foundation
import Quarry

/// Applies and reverts a registered chain of migrations on one database,
/// recording each in the `quarry_migrations` history table.
///
/// Each migration runs in its own transaction: a failure rolls it back
/// whole and records nothing. Two processes upgrading at once apply each
/// migration once (an advisory lock on PostgreSQL, the write lock on
/// SQLite). An applied migration whose operations changed is refused.
///
/// ```swift
/// let migrator = try Migrator(database: db, migrations: [createAuthors, addKarma])
/// try await migrator.upgrade()                  // everything pending
/// try await migrator.downgrade(steps: 1)        // undo the last one
/// print(try await migrator.current() ?? "empty")
/// print(try await migrator.upgradeSQL())        // what upgrade would run
/// ```
public struct Migrator: Sendable {
    public let database: Database
    public let migrations: [Migration]
    /// Receives a line per step ("applying 0002_add_karma"), for CLIs.
    public var progress: (@Sendable (String) -> Void)?
    /// The PostgreSQL schema to migrate (schema-per-tenant); `nil`: the
    /// connection's own search path.
    public let schema: String?

    /// - Parameters:
    ///   - database: the database to migrate.
    ///   - migrations: every migration, oldest first.
    ///   - schema: a PostgreSQL schema to migrate instead of the
    ///     default one: every transaction of the run sets `search_path` to it
    ///     (the history table lives there too).
    ///   - progress: receives a line per step ("applying 0002_add_karma").
    /// - Throws: ``MigrationError/duplicateName(_:)`` when two migrations
    ///   share a name; `QuarryError/misuse(_:)` for a schema on SQLite.
    public init(
        database: Database, migrations: [Migration], schema: String? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws {
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.name).inserted {
            throw MigrationError.duplicateName(migration.name)
        }
        if schema != nil && database.dialect.name != "postgres" {
            throw QuarryError.misuse("migrating a named schema needs PostgreSQL; SQLite has one schema per database file")
        }
        self.database = database
        self.migrations = migrations
        self.schema = schema
        self.progress = progress
    }

    /// Inside a transaction: points `search_path` at `schema` until it ends.
    private func enterSchema(_ tx: Transaction) async throws {
        guard let schema else { return }
        _ = try await tx.fetchAll(
            "SELECT set_config('search_path', \(tx.dialect.quoteIdentifier(schema)), true)")
    }

    // MARK: - Upgrade and downgrade

    /// Applies the pending migrations up to and including `target` (all
    /// when `nil`) and returns the names it applied.
    @discardableResult
    public func upgrade(to target: String? = nil) async throws -> [String] {
        let end = try target.map(index(of:)) ?? migrations.count - 1
        try await ensureHistory()
        try verify(try await historyRows())
        return try await changingSchema { applied in try await withMigrationSession { session in
            var schema = DatabaseSchema()
            for migration in migrations.prefix(end + 1) {
                let ran = try await session.transaction { tx -> Bool in
                    try await enterSchema(tx)
                    try await MigrationLock.acquire(on: tx)
                    if let row = try await AppliedMigration.find(on: tx, id: migration.name) {
                        guard row.checksum == migration.checksum else {
                            throw MigrationError.checksumMismatch(migration.name)
                        }
                        return false
                    }
                    progress?("applying \(migration.name)")
                    try await run(migration.up, from: schema, on: tx)
                    try await checkForeignKeys(on: tx)
                    try await AppliedMigration(name: migration.name, checksum: migration.checksum).insert(on: tx)
                    return true
                }
                if ran { applied.append(migration.name) }
                for operation in migration.up { try schema.apply(operation) }
            }
        } }
    }

    /// Reverts the last `steps` applied migrations, newest first, and
    /// returns their names.
    @discardableResult
    public func downgrade(steps: Int = 1) async throws -> [String] {
        guard steps >= 0 else { throw QuarryError.invalidArgument(name: "steps", reason: "must not be negative") }
        let applied = try await appliedIndices()
        guard steps > 0, !applied.isEmpty else { return [] }
        return try await downgrade(from: applied.suffix(steps).first!)
    }

    /// Reverts every migration after `target`, which stays applied; `nil`
    /// reverts them all.
    @discardableResult
    public func downgrade(to target: String?) async throws -> [String] {
        let keep = try target.map(index(of:)) ?? -1
        return try await downgrade(from: keep + 1)
    }

    /// Reverts the applied migrations at index `first` and after.
    private func downgrade(from first: Int) async throws -> [String] {
        let applied = Set(try await appliedIndices())
        return try await changingSchema { reverted in try await withMigrationSession { session in
            for index in (first..<migrations.count).reversed() where applied.contains(index) {
                let migration = migrations[index]
                let schema = try DatabaseSchema(replaying: Array(migrations.prefix(index + 1)))
                let ran = try await session.transaction { tx -> Bool in
                    try await enterSchema(tx)
                    try await MigrationLock.acquire(on: tx)
                    guard try await AppliedMigration.find(on: tx, id: migration.name) != nil else { return false }
                    progress?("reverting \(migration.name)")
                    try await run(migration.down, from: schema, on: tx)
                    try await checkForeignKeys(on: tx)
                    try await AppliedMigration.delete(on: tx, id: migration.name)
                    return true
                }
                if ran { reverted.append(migration.name) }
            }
        } }
    }

    /// Runs `body`, which lists the migrations it applied or reverted, and
    /// then — also when a later one failed — tells the database its schema
    /// changed, so no pooled connection keeps plans of the old schema.
    func changingSchema(_ body: (inout [String]) async throws -> Void) async throws -> [String] {
        var changed: [String] = []
        do {
            try await body(&changed)
        } catch {
            if !changed.isEmpty { await database.schemaDidChange() }
            throw error
        }
        if !changed.isEmpty { await database.schemaDidChange() }
        return changed
    }

    // MARK: - State

    /// Every registered migration, in order, with when it was applied.
    ///
    /// - Throws: ``MigrationError/checksumMismatch(_:)`` or
    ///   ``MigrationError/unknownApplied(_:)`` when the history disagrees.
    public func history() async throws -> [MigrationStatus] {
        let rows = try await historyRows()
        try verify(rows)
        let applied = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.appliedAt ?? Date(timeIntervalSince1970: 0)) })
        return migrations.map { MigrationStatus(name: $0.name, appliedAt: applied[$0.name]) }
    }

    /// The newest applied migration, or `nil` for none.
    public func current() async throws -> String? {
        try await history().last(where: \.isApplied)?.name
    }

    /// The SQL `upgrade(to:)` would run, without running it. SQLite table
    /// rebuilds show without the triggers they recreate; data steps show
    /// as comments.
    public func upgradeSQL(to target: String? = nil) async throws -> String {
        let end = try target.map(index(of:)) ?? migrations.count - 1
        let rows = try await historyRows()
        try verify(rows)
        let applied = Set(rows.map(\.name))
        let dialect = database.dialect
        var lines: [String] = []
        var schema = DatabaseSchema()
        for migration in migrations.prefix(end + 1) {
            defer { for operation in migration.up { try? schema.apply(operation) } }
            guard !applied.contains(migration.name) else { continue }
            lines.append("-- \(migration.name)")
            lines += try render(migration.up, from: schema, dialect)
            let insert: SQL = "INSERT INTO \(identifier: AppliedMigration.schema.name) (\(identifier: "name"), \(identifier: "checksum")) VALUES ("
                + SQL(stringLiteral: try dialect.literal(.text(migration.name))) + ", "
                + SQL(stringLiteral: try dialect.literal(.text(migration.checksum))) + ")"
            lines.append(try insert.render(for: dialect).text + ";")
        }
        return lines.joined(separator: "\n")
    }

    /// The SQL `downgrade(steps:)` (or `downgrade(to:)` when `target` is
    /// given; `steps` and `target` both `nil`: everything) would run.
    public func downgradeSQL(steps: Int? = 1, to target: String? = nil) async throws -> String {
        let applied = try await appliedIndices()
        let first: Int
        if let steps {
            guard steps > 0, !applied.isEmpty else { return "" }
            first = applied.suffix(steps).first!
        } else {
            first = (try target.map(index(of:)) ?? -1) + 1
        }
        let dialect = database.dialect
        var lines: [String] = []
        for index in (first..<migrations.count).reversed() where applied.contains(index) {
            let migration = migrations[index]
            lines.append("-- revert \(migration.name)")
            lines += try render(migration.down, from: DatabaseSchema(replaying: Array(migrations.prefix(index + 1))), dialect)
            let delete: SQL = "DELETE FROM \(identifier: AppliedMigration.schema.name) WHERE \(identifier: "name") = "
                + SQL(stringLiteral: try dialect.literal(.text(migration.name)))
            lines.append(try delete.render(for: dialect).text + ";")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    /// The SQL text of `operations` applied to `schema`.
    private func render(_ operations: [MigrationOperation], from schema: DatabaseSchema, _ dialect: any SQLDialect) throws -> [String] {
        var current = schema
        var lines: [String] = []
        for operation in operations {
            for step in try operation.steps(before: current, dialect: dialect) {
                switch step {
                case .statements(let statements):
                    lines += try statements.map { try $0.render(for: dialect).text + ";" }
                case .rebuild(let rebuild):
                    lines.append("-- rebuild of \(rebuild.old.name); its triggers are recreated when run")
                    lines += try rebuild.statements(dialect: dialect, triggers: []).map { try $0.render(for: dialect).text + ";" }
                case .data:
                    lines.append("-- data step: \(operation.summary)")
                }
            }
            try current.apply(operation)
        }
        return lines
    }

    private func index(of name: String) throws -> Int {
        guard let index = migrations.firstIndex(where: { $0.name == name }) else {
            throw MigrationError.unknownTarget(name)
        }
        return index
    }

    private func appliedIndices() async throws -> [Int] {
        let rows = try await historyRows()
        try verify(rows)
        let names = Set(rows.map(\.name))
        return migrations.indices.filter { names.contains(migrations[$0].name) }
    }

    /// The history, empty when the table does not exist yet.
    private func historyRows() async throws -> [AppliedMigration] {
        let table = AppliedMigration.schema.name
        return try await database.transaction { tx in
            try await enterSchema(tx)
            let exists: Bool
            if tx.dialect.name == "postgres" {
                exists = try await tx.fetchValue(Bool.self, "SELECT to_regclass(\(table)) IS NOT NULL") ?? false
            } else {
                exists = try await tx.fetchValue(
                    Int.self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = \(table)") ?? 0 > 0
            }
            return exists ? try await AppliedMigration.all(on: tx) : []
        }
    }

    private func verify(_ rows: [AppliedMigration]) throws {
        let registered = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0) })
        for row in rows {
            guard let migration = registered[row.name] else { throw MigrationError.unknownApplied(row.name) }
            guard migration.checksum == row.checksum else { throw MigrationError.checksumMismatch(row.name) }
        }
    }

    private func ensureHistory() async throws {
        try await database.transaction { tx in
            try await enterSchema(tx)
            try await MigrationLock.acquire(on: tx)
            for statement in try SchemaSQL.createTable(AppliedMigration.schema, dialect: tx.dialect) {
                try await tx.execute(statement)
            }
        }
    }

    /// One pinned connection for the run; on SQLite with foreign-key
    /// enforcement off (table rebuilds need it, and it cannot change inside
    /// a transaction), turned back on however the run ends.
    func withMigrationSession(_ body: (Session) async throws -> Void) async throws {
        try await database.session { session in
            let sqlite = session.dialect.name == "sqlite"
            if sqlite { try await session.execute("PRAGMA foreign_keys = OFF") }
            do {
                try await body(session)
            } catch {
                if sqlite { _ = try? await session.execute("PRAGMA foreign_keys = ON") }
                throw error
            }
            if sqlite { try await session.execute("PRAGMA foreign_keys = ON") }
        }
    }

    private func run(_ operations: [MigrationOperation], from schema: DatabaseSchema, on tx: Transaction) async throws {
        var schema = schema
        for operation in operations {
            for step in try operation.steps(before: schema, dialect: tx.dialect) {
                switch step {
                case .statements(let statements):
                    for statement in statements { try await tx.execute(statement) }
                case .rebuild(let rebuild):
                    try await rebuild.run(on: tx)
                case .data(let body):
                    try await body(tx)
                }
            }
            try schema.apply(operation)
        }
    }

    /// SQLite checks no foreign keys during the run: check them all now.
    func checkForeignKeys(on tx: Transaction) async throws {
        guard tx.dialect.name == "sqlite" else { return }
        let rows = try await tx.fetchAll("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
        guard let row = rows.first else { return }
        throw MigrationError.foreignKeyViolation(
            "\(rows.count) row(s), the first in \(row.values.first.map { "\($0)" } ?? "?") referring to "
                + "\(row.values.last.map { "\($0)" } ?? "?")")
    }
}
