import Foundation
import Quarry
import QuarryCache
import Synchronization

/// A memory cache (L1) in front of Redis (L2): reads try L1, then L2 (and
/// keep what L2 had in L1), stores write through both, and invalidations
/// reach every process through Redis pub/sub, so no process's L1 serves
/// rows another process changed.
///
/// While the subscription is down (Redis unreachable) L1 is bypassed —
/// invalidations from other processes could be missed — and it is emptied
/// when the subscription is back.
///
/// ```swift
/// let cache = try HybridCache(local: QueryCache(maxEntries: 5_000), remote: DistributedCache(configuration: redis))
/// cache.invalidate(onWritesTo: db)
/// let author = try await Author.get(on: db, id: 7, cache: cache)
/// await cache.close()
/// ```
public final class HybridCache: CacheStore {
    public let local: QueryCache
    public let remote: DistributedCache
    /// The pub/sub channel invalidations travel on.
    public let channel: String
    /// Tells this process's messages from others'.
    private let origin = UUID().uuidString
    private let coherence = Coherence()
    private let listener = Mutex<Task<Void, Never>?>(nil)

    public init(local: QueryCache, remote: DistributedCache, channel: String? = nil) {
        self.local = local
        self.remote = remote
        let channel = channel ?? "\(remote.namespace):invalidations"
        self.channel = channel
        // The task holds what it needs, not the cache: `deinit` cancels it.
        let task = Task { [configuration = remote.configuration, coherence, origin] in
            await RedisSubscriber.listen(configuration: configuration, channel: channel) { event in
                switch event {
                case .subscribed:
                    // Messages may have been missed while not subscribed.
                    local.removeAll()
                    coherence.isListening.store(true, ordering: .relaxed)
                case .lost:
                    coherence.isListening.store(false, ordering: .relaxed)
                case .message(let payload):
                    let fields = payload.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                    guard fields.count == 2, fields[0] != origin else { break }
                    await local.invalidate(tags: Set(fields[1].split(separator: "\u{1F}").map(String.init)))
                }
                return true
            }
        }
        listener.withLock { $0 = task }
    }

    /// Whether invalidations from other processes are being received (and
    /// L1 is in use).
    public var isCoherent: Bool { coherence.isListening.load(ordering: .relaxed) }

    /// Whether the subscription is up, shared with the listening task.
    private final class Coherence: Sendable {
        let isListening = Atomic<Bool>(false)
    }

    /// Stops listening and closes the Redis connections.
    public func close() async {
        listener.withLock { $0?.cancel() }
        await remote.close()
    }

    deinit {
        listener.withLock { $0?.cancel() }
    }

    // MARK: - CacheStore

    public func rows(forKey key: String) async -> CachedRows? {
        let useLocal = isCoherent
        if useLocal, let hit = await local.rows(forKey: key) { return hit }
        guard let remoteHit = await remote.rows(forKey: key) else { return nil }
        // Tags are not known here; an L1 copy lives at most L1's default TTL
        // and is dropped by any invalidation of its key's table prefix.
        if useLocal { await local.store(remoteHit, forKey: key, ttl: nil, tags: Self.tags(ofKey: key)) }
        return remoteHit
    }

    public func store(_ rows: CachedRows, forKey key: String, ttl: Duration?, tags: Set<String>) async {
        if isCoherent { await local.store(rows, forKey: key, ttl: ttl, tags: tags.union(Self.tags(ofKey: key))) }
        await remote.store(rows, forKey: key, ttl: ttl, tags: tags)
    }

    public func remove(forKey key: String) async {
        await local.remove(forKey: key)
        await remote.remove(forKey: key)
    }

    public func invalidate(tags: Set<String>) async {
        guard !tags.isEmpty else { return }
        await local.invalidate(tags: tags)
        await remote.invalidate(tags: tags)
        let message = origin + "\t" + tags.sorted().joined(separator: "\u{1F}")
        _ = await remote.run(binary: [[Array("PUBLISH".utf8), Array(channel.utf8), Array(message.utf8)]])
    }

    /// Quarry's keys name their table (`quarry:q:<table>:…`, `quarry:k:<table>:…`):
    /// an L1 copy of an L2 entry is tagged with it.
    static func tags(ofKey key: String) -> Set<String> {
        let parts = key.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "quarry" else { return [] }
        return [String(parts[2])]
    }
}
