import Foundation
import Quarry

/// DESIGN.md's benchmark table: `users(id, name, email unique, age, score, active, created_at)`.
@Model(table: "users")
struct BenchUser {
    @ID var id: Int64?
    var name: String
    @Column(.unique) var email: String
    @Column(.indexed) var age: Int
    var score: Double
    var active: Bool
    var createdAt: Date
}

/// The rows W8 streams: the users table's shape, a million rows.
@Model(table: "stream_users")
struct StreamUser {
    @ID var id: Int64?
    var name: String
    var email: String
    var age: Int
    var score: Double
    var active: Bool
    var createdAt: Date
}

@Model(table: "parents")
struct BenchParent {
    @ID var id: Int64?
    var name: String
    @HasMany(\BenchChild.parentID) var children: [BenchChild]?
}

@Model(table: "children")
struct BenchChild {
    @ID var id: Int64?
    @Column(.indexed) var parentID: Int64
    var name: String
}

/// The same rows as plain structs, for the raw C loops.
struct RawUser {
    var id: Int64
    var name: String
    var email: String
    var age: Int
    var score: Double
    var active: Bool
    var createdAt: Date
}

struct RawChild {
    var id: Int64
    var parentID: Int64
    var name: String
}

/// Row `i` of the data set (1-based): ("user<i>", "user<i>@example.com", 18 + i % 60, i * 0.5, i % 3 != 0).
enum Dataset {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func user(_ i: Int, offset: Int = 0) -> BenchUser {
        let n = i + offset
        return BenchUser(
            name: "user\(n)", email: "user\(n)@example.com", age: 18 + i % 60, score: Double(i) * 0.5,
            active: i % 3 != 0, createdAt: epoch.addingTimeInterval(Double(i)))
    }

    /// Deterministic pseudo-random keys in 1...upper.
    static func keys(_ count: Int, upper: Int, seed: UInt64 = 42) -> [Int64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(upper)) + 1
        }
    }
}
