import Quarry
import QuarryCache
import Synchronization

/// A cache store in Redis, shared by every process of an app: entries are
/// `CachedRows` in their compact binary form under `SET … PX`, each
/// tag a Redis set of the keys it covers, invalidation one atomic script.
/// Connections come from a pool; every hiredis call runs on a
/// connection's own thread.
///
/// When Redis cannot be reached the cache degrades instead of failing:
/// lookups miss (the caller reads the database), stores and invalidations
/// are skipped, ``isAvailable`` turns `false` and `onAvailabilityChange`
/// hears of it; calls then fail fast until a retry, with backoff, finds
/// Redis again.
///
/// ```swift
/// let redis = try DistributedCache(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379/0"))
/// redis.invalidate(onWritesTo: db)
/// let posts = try await Post.query.cached(in: redis, ttl: .seconds(30)).all(on: db)
/// ```
public final class DistributedCache: CacheStore {
    public let configuration: RedisConfiguration
    /// The time to live of an entry stored without one.
    public let defaultTTL: Duration
    /// Prefix of every key this cache writes.
    public let namespace: String
    let pool: ConnectionPool<RedisConnection>
    private let onAvailabilityChange: (@Sendable (Bool) -> Void)?
    private let health = Mutex(Health())

    private struct Health {
        var isAvailable = true
        var retryAt: ContinuousClock.Instant?
        var backoff: Duration = .milliseconds(100)
        /// Tags whose invalidation could not reach Redis: replayed first
        /// once it answers again, so no entry written before the outage
        /// outlives a change made during it.
        var pendingTags: Set<String> = []
    }

    /// - Parameters:
    ///   - configuration: the Redis server and its pool.
    ///   - defaultTTL: how long an entry lives when the caller gives no TTL.
    ///   - namespace: the prefix of every key (apps sharing a Redis keep apart).
    ///   - onAvailabilityChange: told `false` when Redis stops
    ///     answering and `true` when it answers again (for monitoring).
    public init(
        configuration: RedisConfiguration, defaultTTL: Duration = .seconds(60), namespace: String = "quarry",
        onAvailabilityChange: (@Sendable (Bool) -> Void)? = nil
    ) throws {
        self.configuration = configuration
        self.defaultTTL = defaultTTL
        self.namespace = namespace
        self.onAvailabilityChange = onAvailabilityChange
        pool = try ConnectionPool(name: "redis", configuration: configuration.pool) {
            try await RedisConnection.connect(configuration)
        }
    }

    /// Whether the last call reached Redis.
    public var isAvailable: Bool { health.withLock { $0.isAvailable } }

    /// Closes the pool's connections.
    public func close() async {
        await pool.shutdown()
    }

    // MARK: - CacheStore

    public func rows(forKey key: String) async -> CachedRows? {
        await batchGet([key])[key]
    }

    public func store(_ rows: CachedRows, forKey key: String, ttl: Duration?, tags: Set<String>) async {
        await batchSet([key: rows], ttl: ttl, tags: tags)
    }

    public func remove(forKey key: String) async {
        await batchDelete([key])
    }

    public func invalidate(tags: Set<String>) async {
        guard !tags.isEmpty else { return }
        if await run(binary: [invalidation(tags)]) == nil {
            health.withLock { $0.pendingTags.formUnion(tags) }
        }
    }

    /// The script that drops every entry of `tags`, atomically.
    private func invalidation(_ tags: Set<String>) -> [[UInt8]] {
        let script = """
            for _, tag in ipairs(KEYS) do
              local keys = redis.call('SMEMBERS', tag)
              for i = 1, #keys, 500 do redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys))) end
              redis.call('DEL', tag)
            end
            return 0
            """
        let tagKeys = tags.sorted().map(tagKey)
        return (["EVAL", script, String(tagKeys.count)] + tagKeys).map { Array($0.utf8) }
    }

    // MARK: - Batches

    /// The entries of `keys` that are present, in one round trip (`MGET`).
    public func batchGet(_ keys: [String]) async -> [String: CachedRows] {
        guard !keys.isEmpty, let replies = await run([["MGET"] + keys.map(entryKey)]),
            case .array(let values) = replies[0]
        else { return [:] }
        var found: [String: CachedRows] = [:]
        for (key, value) in zip(keys, values) {
            guard let bytes = value.bytes, let rows = try? CachedRows(encoded: bytes) else { continue }
            found[key] = rows
        }
        return found
    }

    /// Stores every entry, tagged, in one pipelined round trip.
    public func batchSet(_ entries: [String: CachedRows], ttl: Duration?, tags: Set<String>) async {
        guard !entries.isEmpty else { return }
        let milliseconds = String(max(1, Int((ttl ?? defaultTTL) / .milliseconds(1))))
        var commands: [[[UInt8]]] = []
        for (key, rows) in entries {
            commands.append([bytes("SET"), bytes(entryKey(key)), rows.encoded(), bytes("PX"), bytes(milliseconds)])
        }
        for tag in tags {
            let set = tagKey(tag)
            commands.append(([bytes("SADD"), bytes(set)]) + entries.keys.map { bytes(entryKey($0)) })
            // A tag outlives its entries' longest TTL (NX: first set; GT: longer).
            commands.append([bytes("PEXPIRE"), bytes(set), bytes(milliseconds), bytes("NX")])
            commands.append([bytes("PEXPIRE"), bytes(set), bytes(milliseconds), bytes("GT")])
        }
        _ = await run(binary: commands)
    }

    /// Drops the entries of `keys`, in one round trip.
    public func batchDelete(_ keys: [String]) async {
        guard !keys.isEmpty else { return }
        _ = await run([["DEL"] + keys.map(entryKey)])
    }

    // MARK: - Plumbing

    func entryKey(_ key: String) -> String { "\(namespace):e:\(key)" }
    func tagKey(_ tag: String) -> String { "\(namespace):t:\(tag)" }
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func run(_ commands: [[String]]) async -> [RedisReply]? {
        await run(binary: commands.map { $0.map { Array($0.utf8) } })
    }

    /// Runs a pipeline, or nothing while Redis is known to be down; a
    /// failure marks it down. Server errors count as answers.
    func run(binary commands: [[[UInt8]]]) async -> [RedisReply]? {
        let now = ContinuousClock.now
        let skip = health.withLock { health in
            guard let retryAt = health.retryAt else { return false }
            return now < retryAt
        }
        guard !skip else { return nil }
        let pending = health.withLock { health in
            defer { health.pendingTags = [] }
            return health.pendingTags
        }
        do {
            let replayed = pending.isEmpty ? [] : [invalidation(pending)]
            let replies = try await pool.withConnection { connection in
                try await connection.pipeline(replayed + commands)
            }
            markAvailable(true)
            return Array(replies.dropFirst(replayed.count))
        } catch {
            // The replay failed with the rest: keep it for the next try.
            health.withLock { $0.pendingTags.formUnion(pending) }
            markAvailable(false)
            return nil
        }
    }

    private func markAvailable(_ available: Bool) {
        let changed = health.withLock { health -> Bool in
            let changed = health.isAvailable != available
            health.isAvailable = available
            if available {
                health.retryAt = nil
                health.backoff = .milliseconds(100)
            } else {
                health.retryAt = ContinuousClock.now + health.backoff
                health.backoff = min(health.backoff * 2, .seconds(5))
            }
            return changed
        }
        if changed { onAvailabilityChange?(available) }
    }
}
