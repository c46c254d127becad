import Quarry

/// A query whose rows come from a cache when present, and are stored there
/// after a database read otherwise. The key is the compiled SQL and its
/// bound values; the entry is tagged with every table the query reads, so
/// a committed write to any of them drops it (with
/// ``CacheStore/invalidate(onWritesTo:)``). Concurrent misses of one key
/// through one executor load once. Prefetched relations are loaded fresh on
/// every call. Inside a transaction or a session the cache is not used: a
/// transaction may see rows of its own that nobody else should, and a
/// session's connection may carry state (a `search_path`, temporary
/// tables) that changes what a statement reads. Keys carry the database's
/// identity and the compiled statement with its binds — the scopes'
/// values (tenant, soft-delete visibility) included.
///
/// ```swift
/// let top = try await Post.query.order { $0.likes.desc() }.limit(10)
///     .cached(in: cache, ttl: .seconds(30)).all(on: db)
/// ```
public struct CachedQuery<M: ColumnSet>: Sendable {
    public let query: Query<M>
    public let store: any CacheStore
    public let ttl: Duration?

    /// Every matching row.
    public func all(on db: some QueryExecutor) async throws -> [M] {
        if db is Transaction || db is Session { return try await query.all(on: db) }
        let (text, binds) = try query.sql(for: db.dialect)
        let key = CacheKey.query(table: M.schema.name, sql: text, binds: binds, database: db.identity)
        let rows = try await cachedRows(key: key, flight: flightKey(key, db), tags: query.tablesRead, on: db) {
            CachedRows(models: try await query.withoutPrefetches().all(on: db))
        }
        return try await query.runPrefetches(try rows.models(as: M.self), on: db)
    }

    /// The first matching row, cached as a one-row query.
    public func first(on db: some QueryExecutor) async throws -> M? {
        try await CachedQuery(query: query.limit(1), store: store, ttl: ttl).all(on: db).first
    }

    private func cachedRows(
        key: String, flight: String, tags: Set<String>, on db: some QueryExecutor,
        load: @escaping @Sendable () async throws -> CachedRows
    ) async throws -> CachedRows {
        if let hit = try await store.lookUp(key, table: M.schema.name, on: db) { return hit }
        let (store, ttl) = (store, ttl)
        return try await loads.value(forKey: flight) {
            let rows = try await load()
            await store.store(rows, forKey: key, ttl: ttl, tags: tags)
            return rows
        }
    }
}

extension CacheStore {
    /// The rows under `key`, looked up inside the database's instruments (a
    /// tracing span `cache read` whose `quarry.cache.hit` says what it found).
    fileprivate func lookUp(_ key: String, table: String, on db: some QueryExecutor) async throws -> CachedRows? {
        try await db.observers.instrumented(
            DatabaseWork(kind: .cacheRead(store: String(describing: type(of: self))), table: table)
        ) {
            await rows(forKey: key)
        }
    }
}

/// Loads shared by every cached query of the process, keyed by
/// ``flightKey(_:_:)``.
let loads = SingleFlight<CachedRows>()

/// A load's identity: the cache key (which names the database already)
/// through one executor type.
func flightKey(_ key: String, _ db: some QueryExecutor) -> String {
    "\(type(of: db)):\(key)"
}

extension Query {
    /// This query with its rows cached in `store` (see ``CachedQuery``).
    public func cached(in store: some CacheStore, ttl: Duration? = nil) -> CachedQuery<M> {
        CachedQuery(query: self, store: store, ttl: ttl)
    }
}

extension FetchableModel {
    /// The row with primary key `id`, from `cache` when present. The entry
    /// is keyed by the database and the statement `find` runs — scopes
    /// included, so another tenant, or a caller with no tenant, never gets
    /// the row — and tagged with the table, so any committed write to it
    /// drops it. Inside a transaction or a session the cache is not used.
    ///
    /// ```swift
    /// let author = try await Author.get(on: db, id: 7, cache: cache)
    /// ```
    ///
    /// - Throws: `QuarryError/notFound(table:key:)` when there is none.
    public static func get(on db: some QueryExecutor, id: Key, cache: some CacheStore, ttl: Duration? = nil) async throws -> Self {
        if db is Transaction || db is Session { return try await get(on: db, id: id) }
        let key: String
        // A scoped model's statement binds the scope's values (the tenant): keyed by it.
        if Self.self is any ScopedModel.Type {
            let (text, binds) = try findStatement(id: id, dialect: db.dialect)
            key = CacheKey.row(table: schema.name, sql: text, binds: binds, database: db.identity)
        } else {
            key = CacheKey.row(of: Self.self, key: keyValues(of: id), database: db.identity)
        }
        if let hit = try await cache.lookUp(key, table: schema.name, on: db), let model = try hit.models(as: Self.self).first {
            return model
        }
        let tags: Set<String> = [schema.name]
        let rows = try await loads.value(forKey: flightKey(key, db)) {
            let found = try await Self.find(on: db, id: id)
            let rows = CachedRows(models: found.map { [$0] } ?? [])
            // A missing row is not cached: it may be inserted any moment.
            if found != nil { await cache.store(rows, forKey: key, ttl: ttl, tags: tags) }
            return rows
        }
        guard let model = try rows.models(as: Self.self).first else {
            throw QuarryError.notFound(table: schema.name, key: keyDescription(id))
        }
        return model
    }
}
