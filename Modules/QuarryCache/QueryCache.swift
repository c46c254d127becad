import Quarry
import Synchronization

/// An in-memory cache store: least-recently-used eviction within a bound
/// in entries and in bytes, a time to live per entry, tags for
/// invalidation, and hit/miss/eviction statistics. One lock, no thread
/// hops: every operation is a few dictionary steps.
///
/// ```swift
/// let cache = QueryCache(maxEntries: 10_000, maxBytes: 64 << 20, defaultTTL: .seconds(60))
/// cache.invalidate(onWritesTo: db)
/// let author = try await Author.get(on: db, id: 7, cache: cache)
/// print(cache.statistics.hitRate)
/// ```
public final class QueryCache: CacheStore {
    public let maxEntries: Int
    public let maxBytes: Int
    /// The time to live of an entry stored without one.
    public let defaultTTL: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    private struct Entry {
        var rows: CachedRows
        var bytes: Int
        var expires: ContinuousClock.Instant
        var tags: Set<String>
        /// Neighbours in recency order (towards `newest` / `oldest`).
        var newer: String?
        var older: String?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var byTag: [String: Set<String>] = [:]
        var newest: String?
        var oldest: String?
        var statistics = CacheStatistics()
    }

    /// - Parameters:
    ///   - maxEntries: entries kept at most; the least recently used go first.
    ///   - maxBytes: bytes of rows kept at most (estimated), likewise.
    ///   - defaultTTL: how long an entry lives when the caller gives no TTL.
    ///   - clock: the time source (tests pass one they control).
    public init(
        maxEntries: Int = 10_000, maxBytes: Int = 64 << 20, defaultTTL: Duration = .seconds(60),
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.defaultTTL = defaultTTL
        self.clock = clock
    }

    /// The counts so far.
    public var statistics: CacheStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.entries = state.entries.count
            return statistics
        }
    }

    public func rows(forKey key: String) async -> CachedRows? {
        let now = clock()
        return state.withLock { state in
            guard let entry = state.entries[key] else {
                state.statistics.misses += 1
                return nil
            }
            guard entry.expires > now else {
                Self.remove(key, from: &state)
                state.statistics.expirations += 1
                state.statistics.misses += 1
                return nil
            }
            Self.unlink(key, in: &state)
            Self.pushNewest(key, in: &state)
            state.statistics.hits += 1
            return entry.rows
        }
    }

    public func store(_ rows: CachedRows, forKey key: String, ttl: Duration?, tags: Set<String>) async {
        let bytes = rows.byteSize + key.utf8.count
        guard bytes <= maxBytes else { return }
        let expires = clock() + (ttl ?? defaultTTL)
        state.withLock { state in
            if state.entries[key] != nil { Self.remove(key, from: &state) }
            state.entries[key] = Entry(rows: rows, bytes: bytes, expires: expires, tags: tags)
            state.statistics.bytes += bytes
            for tag in tags { state.byTag[tag, default: []].insert(key) }
            Self.pushNewest(key, in: &state)
            while state.entries.count > maxEntries || state.statistics.bytes > maxBytes, let oldest = state.oldest {
                Self.remove(oldest, from: &state)
                state.statistics.evictions += 1
            }
        }
    }

    public func remove(forKey key: String) async {
        state.withLock { state in
            if state.entries[key] != nil { Self.remove(key, from: &state) }
        }
    }

    public func invalidate(tags: Set<String>) async {
        state.withLock { state in
            for tag in tags {
                for key in state.byTag[tag] ?? [] where state.entries[key] != nil {
                    Self.remove(key, from: &state)
                    state.statistics.invalidations += 1
                }
            }
        }
    }

    /// Drops every entry.
    public func removeAll() {
        state.withLock { state in
            let statistics = state.statistics
            state = State()
            state.statistics = statistics
            state.statistics.bytes = 0
        }
    }

    // MARK: - Recency list

    private static func remove(_ key: String, from state: inout State) {
        guard let entry = state.entries[key] else { return }
        unlink(key, in: &state)
        state.entries[key] = nil
        state.statistics.bytes -= entry.bytes
        for tag in entry.tags {
            state.byTag[tag]?.remove(key)
            if state.byTag[tag]?.isEmpty == true { state.byTag[tag] = nil }
        }
    }

    private static func unlink(_ key: String, in state: inout State) {
        guard let entry = state.entries[key] else { return }
        if let newer = entry.newer { state.entries[newer]?.older = entry.older } else { state.newest = entry.older }
        if let older = entry.older { state.entries[older]?.newer = entry.newer } else { state.oldest = entry.newer }
        state.entries[key]?.newer = nil
        state.entries[key]?.older = nil
    }

    private static func pushNewest(_ key: String, in state: inout State) {
        state.entries[key]?.older = state.newest
        state.entries[key]?.newer = nil
        if let newest = state.newest { state.entries[newest]?.newer = key }
        state.newest = key
        if state.oldest == nil { state.oldest = key }
    }
}
