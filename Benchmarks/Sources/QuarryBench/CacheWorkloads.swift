import Foundation
import Quarry
import QuarryCache
import QuarryRedis
import Synchronization

extension Workload {
    /// W4 through a cache, every read a hit: `prepare` loads every key once
    /// (untimed); the raw side is W4's raw loop, for scale.
    static func cacheWorkloads(lookups: [Int64], fullUsers: @escaping (Backend) async throws -> Void) -> [Workload] {
        [
            Workload(
                id: "W4m", name: "get_by_pk, memory cache hits", targets: (nil, nil),
                prepare: { backend in
                    try await fullUsers(backend)
                    let offset = try await backend.firstUserID() - 1
                    BenchCaches.memory.removeAll()
                    for key in lookups { _ = try await BenchUser.get(on: backend.db, id: key + offset, cache: BenchCaches.memory) }
                },
                quarry: { backend in
                    let offset = try await backend.firstUserID() - 1
                    for key in lookups { _ = try await BenchUser.get(on: backend.db, id: key + offset, cache: BenchCaches.memory) }
                },
                raw: { backend in
                    let offset = try await backend.firstUserID() - 1
                    _ = try backend.sqlite?.getByKey(lookups.map { $0 + offset }) ?? backend.postgres!.getByKey(lookups.map { $0 + offset })
                }),
            Workload(
                id: "W4r", name: "get_by_pk, Redis cache hits", targets: (nil, nil),
                prepare: { backend in
                    try await fullUsers(backend)
                    let offset = try await backend.firstUserID() - 1
                    let cache = try BenchCaches.redis()
                    for key in lookups { _ = try await BenchUser.get(on: backend.db, id: key + offset, cache: cache) }
                },
                quarry: { backend in
                    let offset = try await backend.firstUserID() - 1
                    let cache = try BenchCaches.redis()
                    for key in lookups { _ = try await BenchUser.get(on: backend.db, id: key + offset, cache: cache) }
                },
                raw: { backend in
                    let offset = try await backend.firstUserID() - 1
                    _ = try backend.sqlite?.getByKey(lookups.map { $0 + offset }) ?? backend.postgres!.getByKey(lookups.map { $0 + offset })
                }),
        ]
    }
}

/// The caches W4m and W4r read: filled by `prepare`, read by the timed run.
enum BenchCaches {
    static let memory = QueryCache(maxEntries: 20_000)
    private static let shared = Mutex<DistributedCache?>(nil)

    /// One Redis cache for the process (`QUARRY_REDIS_URL`).
    static func redis() throws -> DistributedCache {
        try shared.withLock { cache in
            if let cache { return cache }
            guard let url = ProcessInfo.processInfo.environment["QUARRY_REDIS_URL"] else {
                throw BenchError.raw("QUARRY_REDIS_URL is not set")
            }
            let created = try DistributedCache(configuration: RedisConfiguration(url: url), namespace: "bench-\(UUID().uuidString)")
            cache = created
            return created
        }
    }
}
