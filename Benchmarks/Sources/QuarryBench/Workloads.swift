import Foundation
import Quarry
import QuarryStreaming

/// DESIGN.md's workloads, each through Quarry's public API and through the
/// raw C loop; `prepare` runs untimed before each side.
struct Workload {
    let id: String
    let name: String
    /// Target ratio (Quarry ÷ raw) on SQLite and PostgreSQL (issue 26's
    /// table); nil: memory only.
    let targets: (sqlite: Double?, postgres: Double?)
    /// Whether Quarry's peak-RSS growth is held to `Result.growthLimitMiB`
    /// (streams and caches; always when there is no ratio target).
    var boundsMemory: Bool { id == "W8" || targets.sqlite == nil }
    let prepare: (Backend) async throws -> Void
    let quarry: (Backend) async throws -> Void
    let raw: (Backend) async throws -> Void
    /// What one run does, for per-statement and per-row figures.
    var unit: (count: Int, name: String)? = nil

    /// This workload, counted in `count` `name`s (statements or rows).
    func per(_ count: Int, _ name: String) -> Workload {
        var copy = self
        copy.unit = (count, name)
        return copy
    }
}

enum Workloads {
    /// `--scale`: row and statement counts times this (callgrind runs at 0.1).
    static let scale = max(0.001, Double(option("--scale") ?? "1") ?? 1)
    static func scaled(_ count: Int) -> Int { max(1, Int(Double(count) * scale)) }
    static let userCount = scaled(100_000)
    static let streamCount = scaled(1_000_000)

    static func all() -> [Workload] {
        let insertRows = (1...scaled(20_000)).map { Dataset.user($0) }
        let bulkRows = (1...userCount).map { Dataset.user($0) }
        let lookups = Dataset.keys(scaled(10_000), upper: userCount)
        let pages = scaled(1_000)
        let clearUsers: (Backend) async throws -> Void = { try $0.resetUsers(count: 0) }
        let fullUsers: (Backend) async throws -> Void = { backend in
            if try await backend.db.fetchValue(Int.self, "SELECT count(*) FROM users") != userCount {
                try backend.resetUsers(count: userCount)
            }
        }
        var workloads: [Workload] = [
            Workload(
                id: "W1", name: "insert_each", targets: (1.3, 1.2), prepare: clearUsers,
                quarry: { backend in
                    try await backend.db.transaction { tx in
                        for row in insertRows { _ = try await row.insert(on: tx) }
                    }
                },
                raw: { backend in
                    if let sqlite = backend.sqlite { try sqlite.insert(insertRows) } else { try backend.postgres!.insertEach(insertRows) }
                }),
            Workload(
                id: "W2", name: "insert_bulk", targets: (1.2, 1.0), prepare: clearUsers,
                quarry: { backend in _ = try await BenchUser.insert(bulkRows, on: backend.db) },
                raw: { backend in
                    if let sqlite = backend.sqlite { try sqlite.insert(bulkRows) } else { try backend.postgres!.insertBulk(bulkRows) }
                }),
            Workload(
                id: "W3", name: "fetch_all", targets: (1.2, 1.15), prepare: fullUsers,
                quarry: { backend in
                    let users = try await BenchUser.query.all(on: backend.db)
                    guard users.count == userCount else { throw BenchError.raw("fetched \(users.count)") }
                },
                raw: { backend in
                    let users = try backend.sqlite?.fetchAll() ?? backend.postgres!.fetchAll()
                    guard users.count == userCount else { throw BenchError.raw("fetched \(users.count)") }
                }),
            Workload(
                id: "W4", name: "get_by_pk", targets: (1.3, 1.3), prepare: fullUsers,
                quarry: { backend in
                    let offset = try await backend.firstUserID() - 1
                    for key in lookups { _ = try await BenchUser.get(on: backend.db, id: key + offset) }
                },
                raw: { backend in
                    let offset = try await backend.firstUserID() - 1
                    let keys = lookups.map { $0 + offset }
                    let found = try backend.sqlite?.getByKey(keys) ?? backend.postgres!.getByKey(keys)
                    guard found == keys.count else { throw BenchError.raw("found \(found)") }
                }),
            Workload(
                id: "W4s", name: "get_by_pk in a session", targets: (1.15, 1.1), prepare: fullUsers,
                quarry: { backend in
                    let offset = try await backend.firstUserID() - 1
                    try await backend.db.session { session in
                        for key in lookups { _ = try await BenchUser.get(on: session, id: key + offset) }
                    }
                },
                raw: { backend in
                    let offset = try await backend.firstUserID() - 1
                    let keys = lookups.map { $0 + offset }
                    _ = try backend.sqlite?.getByKey(keys) ?? backend.postgres!.getByKey(keys)
                }),
            Workload(
                id: "W5", name: "filter_page", targets: (1.1, 1.1), prepare: fullUsers,
                quarry: { backend in
                    for q in 0..<pages {
                        let age = 72 + q % 5
                        _ = try await BenchUser.filter { $0.age > age && $0.active == true }
                            .order { $0.score.desc() }.limit(50).all(on: backend.db)
                    }
                },
                raw: { backend in _ = try backend.sqlite?.filterPages(pages) ?? backend.postgres!.filterPages(pages) }),
            Workload(
                id: "W6", name: "update_each", targets: (1.3, 1.2), prepare: fullUsers,
                quarry: { backend in
                    let offset = try await backend.firstUserID() - 1
                    try await backend.db.transaction { tx in
                        for key in lookups {
                            var user = try await BenchUser.get(on: tx, id: key + offset)
                            user.score += 1
                            try await user.save(on: tx)
                        }
                    }
                },
                raw: { backend in
                    let offset = try await backend.firstUserID() - 1
                    let keys = lookups.map { $0 + offset }
                    if let sqlite = backend.sqlite { try sqlite.updateEach(keys) } else { try backend.postgres!.updateEach(keys) }
                }),
            Workload(
                id: "W7", name: "prefetch", targets: (1.3, 1.2),
                prepare: { backend in
                    guard try await BenchParent.count(on: backend.db) != 1_000 else { return }
                    try backend.rawExec("DELETE FROM children")
                    try backend.rawExec("DELETE FROM parents")
                    let parents = try await BenchParent.insert((1...1_000).map { BenchParent(name: "p\($0)") }, on: backend.db)
                    _ = try await BenchChild.insert(
                        parents.flatMap { parent in (1...10).map { BenchChild(parentID: parent.id!, name: "c\($0)") } },
                        on: backend.db)
                },
                quarry: { backend in
                    let parents = try await BenchParent.query.prefetch(\.children).all(on: backend.db)
                    guard parents.count == 1_000, parents.allSatisfy({ $0.children?.count == 10 }) else {
                        throw BenchError.raw("prefetch loaded the wrong rows")
                    }
                },
                raw: { backend in
                    let parents = try backend.sqlite?.prefetch() ?? backend.postgres!.prefetch()
                    guard parents.count == 1_000, parents.allSatisfy({ $0.2.count == 10 }) else {
                        throw BenchError.raw("prefetch loaded the wrong rows")
                    }
                }),
            Workload(
                id: "W8", name: "stream 1M rows", targets: (1.5, 1.5),
                prepare: { backend in
                    if try await backend.db.fetchValue(Int.self, "SELECT count(*) FROM stream_users") != streamCount {
                        try backend.fillStream(count: streamCount)
                    }
                },
                quarry: { backend in
                    var rows = 0
                    for try await _ in StreamUser.query.stream(on: backend.db, chunkSize: 1_000) { rows += 1 }
                    guard rows == streamCount else { throw BenchError.raw("streamed \(rows)") }
                },
                raw: { backend in
                    let rows = try backend.sqlite?.stream("stream_users") ?? backend.postgres!.stream("stream_users")
                    guard rows == streamCount else { throw BenchError.raw("streamed \(rows)") }
                }),
        ]
        // What one run of each does, for per-statement and per-row figures.
        let units: [String: (count: Int, name: String)] = [
            "W1": (insertRows.count, "statement"), "W2": (bulkRows.count, "row"), "W3": (userCount, "row"),
            "W4": (lookups.count, "statement"), "W4s": (lookups.count, "statement"), "W5": (pages, "statement"),
            "W6": (lookups.count, "statement"), "W7": (11_000, "row"), "W8": (streamCount, "row"),
        ]
        workloads = workloads.map { workload in units[workload.id].map { workload.per($0.count, $0.name) } ?? workload }
        // After W4s: the same reads through a cache.
        let afterW4s = workloads.firstIndex { $0.id == "W4s" }.map { $0 + 1 } ?? workloads.endIndex
        workloads.insert(contentsOf: Workload.cacheWorkloads(lookups: lookups, fullUsers: fullUsers), at: afterW4s)
        return workloads
    }
}
