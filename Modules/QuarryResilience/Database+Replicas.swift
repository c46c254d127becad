import Quarry

extension Database {
    /// A database that reads from `replicas` and writes to `primary` (see
    /// ``ReplicatedDriver``). It shares the primary's logger, event bus and
    /// statement observers.
    ///
    /// ```swift
    /// let primary = try await Database.postgres("postgres://app@db-primary/app")
    /// let replica = try await Database.postgres("postgres://app@db-replica/app")
    /// let db = try Database.replicated(primary: primary, replicas: [replica])
    /// ```
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when a replica
    ///   speaks another dialect.
    public static func replicated(
        primary: Database, replicas: [Database], recheckAfter: Duration = .seconds(5)
    ) throws -> Database {
        let driver = try ReplicatedDriver(
            primary: primary.driver, replicas: replicas.map(\.driver), recheckAfter: recheckAfter,
            logger: primary.logger)
        return Database(driver: driver, logger: primary.logger, signals: primary.signals, observers: primary.observers)
    }

    /// Runs `body` with every statement on the primary, reads included:
    /// for reads that must see the writes just made (replicas lag).
    /// Outside a replicated database it just runs `body`.
    ///
    /// ```swift
    /// try await Author.create(on: db, draft)
    /// let mine = try await db.onPrimary { try await Author.query.filter { $0.email == draft.email }.first(on: db) }
    /// ```
    public func onPrimary<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        try await ReplicaRouting.$forcesPrimary.withValue(true) { try await body() }
    }
}
