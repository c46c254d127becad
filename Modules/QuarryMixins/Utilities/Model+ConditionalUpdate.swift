import Quarry

extension ColumnSet where Self: Model {
    /// Updates this row only if it still matches `condition`, in one
    /// statement; returns the updated row, or `nil` when the condition did
    /// not hold (nothing was written). A compare-and-set: claiming a job,
    /// moving an order to the next state. The default scopes, fixed
    /// columns, version bump and audit apply as to every model write.
    ///
    /// ```swift
    /// if let claimed = try await job.update(on: db, where: { $0.state == .queued }, set: { [$0.state.set(to: .running)] }) {
    ///     run(claimed)
    /// }
    /// ```
    public func update(
        on db: some QueryExecutor, where condition: (Columns) -> Condition, set assignments: (Columns) -> [Assignment]
    ) async throws -> Self? {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key; insert it first")
        }
        let list = assignments(Self.columns)
        guard !list.isEmpty else {
            throw QuarryError.invalidArgument(name: "set", reason: "a conditional update needs at least one assignment")
        }
        return try await Self.filter { _ in Self.keyCondition(key) }.filter(condition)
            .updateReturning(on: db) { _ in list }.first
    }

    /// The row with key `id`, locked until the transaction ends
    /// (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the transaction
    /// already holds the write lock).
    ///
    /// ```swift
    /// try await db.transaction { tx in
    ///     var account = try await Account.lockForUpdate(on: tx, id: 1)
    ///     account.balance -= 10
    ///     try await account.save(on: tx)
    /// }
    /// ```
    public static func lockForUpdate(on tx: Transaction, id: Key) async throws -> Self {
        guard let row = try await filter({ _ in keyCondition(id) }).forUpdate().first(on: tx) else {
            throw QuarryError.notFound(table: schema.name, key: keyDescription(id))
        }
        return row
    }
}
