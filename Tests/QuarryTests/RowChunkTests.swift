import Quarry
import Synchronization
import Testing

/// Counts live instances, to see that a chunk releases what it stored.
private final class Tracked: Sendable {
    static let live = Atomic<Int>(0)
    let value: Int
    init(_ value: Int) {
        self.value = value
        Self.live.add(1, ordering: .relaxed)
    }
    deinit { Self.live.subtract(1, ordering: .relaxed) }
}

private struct Stop: Error {}

@Suite("RowChunk: a driver's chunk of rows built in place")
struct RowChunkTests {
    @Test("rows arrive in order up to the capacity or until the source ends; a throw releases the rows stored so far")
    func collect() throws {
        var source = 0
        let full = RowChunk.collect(capacity: 3, of: Int.self) { slot in
            source += 1
            slot.initialize(to: source)
            return true
        }
        #expect(full == [1, 2, 3])

        var remaining = [10, 20]
        let short = RowChunk.collect(capacity: 5, of: Int.self) { slot in
            guard !remaining.isEmpty else { return false }
            slot.initialize(to: remaining.removeFirst())
            return true
        }
        #expect(short == [10, 20])
        #expect(RowChunk.collect(capacity: 0, of: Int.self) { _ in Issue.record("asked for a row"); return false }.isEmpty)

        let before = Tracked.live.load(ordering: .relaxed)
        var made = 0
        #expect(throws: Stop.self) {
            _ = try RowChunk.collect(capacity: 10, of: Tracked.self) { slot in
                guard made < 4 else { throw Stop() }
                made += 1
                slot.initialize(to: Tracked(made))
                return true
            }
        }
        #expect(made == 4)
        #expect(Tracked.live.load(ordering: .relaxed) == before, "the four stored rows were released")
    }
}
