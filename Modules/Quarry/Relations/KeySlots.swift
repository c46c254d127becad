/// The distinct keys of a prefetch's parents, numbered in first-seen
/// order, and the loaded rows put in one bucket per number.
///
/// Prefetching groups each loaded row under its parent key. Doing that with
/// a `[Key: [Target]]` dictionary hashes every row's key into generic code
/// and grows one array per parent element by element; here each row's key
/// is looked up once in a dictionary of `Int`s (concrete, compiled for the
/// key type), and the rows are then copied into their buckets with a
/// counting sort — one array per parent, built at its final size.
///
/// ```swift
/// let slots = KeySlots([.int(1), .null, .int(2), .int(1)])   // keys [.int(1), .int(2)]
/// slots.slot(of: .int(2))                                      // 1
/// slots.buckets(["a", "b", "c"], at: [1, 0, 1])                // [["b"], ["a", "c"]]
/// ```
struct KeySlots<Key: Hashable> {
    /// The distinct keys, in first-seen order: slot `i` holds `keys[i]`.
    private(set) var keys: [Key] = []
    private var numbers: [Key: Int] = [:]

    /// Numbers the distinct non-`nil` keys of `all`.
    init(_ all: some Sequence<Key?>) {
        for case let key? in all where numbers[key] == nil {
            numbers[key] = keys.count
            keys.append(key)
        }
    }

    /// The slot of `key`, or `nil` for a key that is not one of the parents'.
    func slot(of key: Key) -> Int? { numbers[key] }

    /// `rows` in one bucket per slot, each keeping the rows' order:
    /// `rows[i]` goes to bucket `slots[i]`; a row whose slot is `nil` (a
    /// key no parent has) is dropped.
    func buckets<Row>(_ rows: [Row], at slots: [Int?]) -> [[Row]] {
        precondition(rows.count == slots.count, "one slot per row")
        var counts = [Int](repeating: 0, count: keys.count)
        for case let slot? in slots { counts[slot] += 1 }
        var starts = [Int](repeating: 0, count: keys.count + 1)
        for slot in counts.indices { starts[slot + 1] = starts[slot] + counts[slot] }
        // The row indices ordered by slot (stable), then each bucket copied once.
        var next = starts
        var order = [Int](repeating: 0, count: starts[keys.count])
        for (index, slot) in slots.enumerated() {
            guard let slot else { continue }
            order[next[slot]] = index
            next[slot] += 1
        }
        // Filled through pointers: this runs unspecialised for the row type,
        // where `map` and `append` cost a type lookup per element.
        return rows.withUnsafeBufferPointer { source in
            counts.indices.map { slot in
                let range = starts[slot]..<starts[slot + 1]
                return [Row](unsafeUninitializedCapacity: range.count) { bucket, initialized in
                    for (offset, position) in range.enumerated() {
                        (bucket.baseAddress! + offset).initialize(to: source[order[position]])
                    }
                    initialized = range.count
                }
            }
        }
    }
}
