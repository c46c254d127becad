/// What migrations throw besides the database's own `Quarry/QuarryError`s.
///
/// ```swift
/// do { try await migrator.upgrade() }
/// catch MigrationError.checksumMismatch(let name) { print("\(name) was edited after it was applied") }
/// ```
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An operation does not fit the schema it applies to.
    case invalidOperation(String)
    /// Two registered migrations share a name.
    case duplicateName(String)
    /// An applied migration's operations changed since it was applied.
    case checksumMismatch(String)
    /// The history names a migration that is not registered.
    case unknownApplied(String)
    /// A target names no registered migration.
    case unknownTarget(String)
    /// The live schema differs from what the migrations say; no rebuild runs.
    case drift(String)
    /// Rows violate foreign keys after a migration on SQLite.
    case foreignKeyViolation(String)

    public var description: String {
        switch self {
        case .invalidOperation(let message): "invalid migration operation: \(message)"
        case .duplicateName(let name): "two migrations are named \(name)"
        case .checksumMismatch(let name):
            "migration \(name) was changed after it was applied; restore it and add a new migration instead"
        case .unknownApplied(let name): "the database applied migration \(name), which is not registered"
        case .unknownTarget(let name): "no migration is named \(name)"
        case .drift(let message): "the database differs from the migrations: \(message)"
        case .foreignKeyViolation(let message): "foreign keys violated after the migration: \(message)"
        }
    }
}
