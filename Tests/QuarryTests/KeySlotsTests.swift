@testable import Quarry
import Testing

@Suite("KeySlots: prefetch's grouping of loaded rows by parent key")
struct KeySlotsTests {
    @Test("distinct keys are numbered in first-seen order; nil keys and unknown keys get no slot")
    func numbering() {
        let slots = KeySlots<SQLValue>([.int(7), nil, .int(3), .int(7), .text("a")])
        #expect(slots.keys == [.int(7), .int(3), .text("a")])
        #expect(slots.slot(of: .int(3)) == 1)
        #expect(slots.slot(of: .text("a")) == 2)
        #expect(slots.slot(of: .int(8)) == nil)
        #expect(slots.slot(of: .null) == nil)
    }

    @Test("rows land in their slot's bucket in their original order; rows without a slot are dropped; empty slots stay empty")
    func buckets() {
        let slots = KeySlots<Int>([10, 20, 30])
        let rows = ["a", "b", "c", "d", "e", "f"]
        let buckets = slots.buckets(rows, at: [2, 0, nil, 2, 0, 2])
        #expect(buckets == [["b", "e"], [], ["a", "d", "f"]])
        #expect(slots.buckets([String](), at: []) == [[], [], []])
        #expect(KeySlots<Int>([Int?]()).buckets([String](), at: []) == [])
    }
}
