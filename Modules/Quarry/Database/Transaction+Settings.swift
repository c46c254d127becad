extension Transaction {
    /// Sets a PostgreSQL run-time setting until this transaction ends
    /// (`set_config(name, value, true)`, what `SET LOCAL` does): commit,
    /// rollback or a cancelled task all end it, so nothing of it reaches the
    /// next user of the pooled connection — and it works through a
    /// transaction-mode pooler. Both name and value travel as binds.
    ///
    /// ```swift
    /// try await db.transaction { tx in
    ///     try await tx.setLocal("search_path", to: "\"tenant_acme\"")
    ///     try await tx.setLocal("statement_timeout", to: "2s")
    /// }
    /// ```
    ///
    /// - Throws: ``QuarryError/misuse(_:)`` on SQLite, which has no settings.
    public func setLocal(_ name: String, to value: String) async throws {
        guard let statement = dialect.setLocal(name, to: value) else {
            throw QuarryError.misuse("transaction-local settings (\(name)) need PostgreSQL; \(dialect.name) has none")
        }
        _ = try await fetchAll(statement)
    }
}
