import Quarry

/// Where cached query results live: memory (``QueryCache``), Redis
/// (`QuarryRedis`), or both. Entries carry tags — the tables they were
/// read from — so a write to a table drops every entry that read it.
///
/// A store never throws: a cache that cannot answer (Redis down) answers
/// `nil`, and the caller reads the database.
///
/// ```swift
/// let cache = QueryCache(maxEntries: 10_000, maxBytes: 64 << 20)
/// let recent = try await Post.query.order { $0.id.desc() }.limit(20).cached(in: cache, ttl: .seconds(30)).all(on: db)
/// ```
public protocol CacheStore: Sendable {
    /// The rows stored under `key`, unless missing or expired.
    func rows(forKey key: String) async -> CachedRows?

    /// Stores `rows` under `key` for `ttl` (the store's default when `nil`),
    /// tagged with `tags`.
    func store(_ rows: CachedRows, forKey key: String, ttl: Duration?, tags: Set<String>) async

    /// Drops the entry under `key`.
    func remove(forKey key: String) async

    /// Drops every entry tagged with any of `tags`.
    func invalidate(tags: Set<String>) async
}

extension CacheStore {
    /// Drops the entries of the tables each committed write through `db`
    /// changes, for as long as the returned subscription lasts (see
    /// `Signals/subscribeToTableChanges(_:)`).
    ///
    /// ```swift
    /// let invalidation = cache.invalidate(onWritesTo: db)
    /// ```
    @discardableResult
    public func invalidate(onWritesTo db: Database) -> Subscription {
        db.signals.subscribeToTableChanges { tables in await self.invalidate(tags: tables) }
    }
}
