/// Builds a chunk of decoded rows in place: what a driver's streaming loop
/// fills. Each row is stored through a typed pointer, not `Array.append`,
/// so code that is not specialised for `Decoded` (a driver's, behind
/// ``DatabaseConnection``) looks up no array type at run time per row.
///
/// ```swift
/// let rows = try RowChunk.collect(capacity: 500, of: User.self) { slot in
///     guard sqlite3_step(stmt) == SQLITE_ROW else { return false }
///     slot.initialize(to: try User(row: &row))
///     return true
/// }
/// ```
package enum RowChunk {
    /// Up to `capacity` rows: `next` initializes the slot it is given and
    /// returns `true`, or returns `false` (slot untouched) when there are
    /// no more. If `next` throws, the rows stored so far are released.
    package static func collect<Decoded>(
        capacity: Int, of type: Decoded.Type, _ next: (UnsafeMutablePointer<Decoded>) throws -> Bool
    ) rethrows -> [Decoded] {
        try [Decoded](unsafeUninitializedCapacity: capacity) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            while count < capacity, try next(base + count) {
                count += 1
            }
        }
    }
}
