import Quarry

/// Keeps two processes from migrating at once. On PostgreSQL each
/// migration's transaction takes a transaction-level advisory lock; on
/// SQLite the transaction itself (`BEGIN IMMEDIATE`) excludes other writers.
/// Either way the second process waits, then finds the migration applied.
enum MigrationLock {
    /// An arbitrary constant shared by every Quarry process ("QUARRY" in ASCII).
    static let key: Int64 = 0x5155_4152_5259

    static func acquire(on tx: some QueryExecutor) async throws {
        guard tx.dialect.name == "postgres" else { return }
        _ = try await tx.fetchAll("SELECT pg_advisory_xact_lock(\(key))")
    }
}
