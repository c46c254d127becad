import Foundation
import Quarry

/// Ad-hoc timings of the layers under a statement (`--probe`), for profiling.
enum Probe {
    static func run(_ backend: Backend) async throws {
        let n = 20_000
        func time(_ label: String, _ body: () async throws -> Void) async rethrows {
            let clock = ContinuousClock()
            let start = clock.now
            try await body()
            let elapsed = clock.now - start
            let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
            print(String(format: "%-40@ %7.2f µs", label, micros / Double(n)))
        }
        try backend.resetUsers(count: 1_000)
        let first = try await backend.firstUserID()
        try await time("db.fetchValue SELECT 1") { for _ in 0..<n { _ = try await backend.db.fetchValue(Int.self, "SELECT 1") } }
        try await backend.db.session { s in
            try await time("session.fetchValue SELECT 1") { for _ in 0..<n { _ = try await s.fetchValue(Int.self, "SELECT 1") } }
            try await time("session.find") { for _ in 0..<n { _ = try await BenchUser.find(on: s, id: first) } }
            try await time("session.fetchFirst raw SQL row") {
                for _ in 0..<n {
                    _ = try await s.fetchFirst(BenchUser.self, "SELECT id, name, email, age, score, active, created_at FROM users WHERE id = \(first)")
                }
            }
        }
        try await time("db.find") { for _ in 0..<n { _ = try await BenchUser.find(on: backend.db, id: first) } }
        if let raw = backend.sqlite {
            try await time("raw get") { _ = try raw.getByKey(Array(repeating: first, count: n)) }
        }
        if let raw = backend.postgres {
            try await time("raw get") { _ = try raw.getByKey(Array(repeating: first, count: n)) }
        }
    }
}
