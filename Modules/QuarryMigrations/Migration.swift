/// A named, ordered schema change: operations to apply (`up`) and to undo
/// them (`down`). Its checksum covers every operation, so editing an
/// applied migration is detected.
///
/// ```swift
/// let createTags = Migration("0002_create_tags",
///     up: [.createTable(TableDefinition(model: Tag.self))],
///     down: [.dropTable("tags")])
/// ```
public struct Migration: Sendable {
    public let name: String
    public let up: [MigrationOperation]
    public let down: [MigrationOperation]

    public init(_ name: String, up: [MigrationOperation], down: [MigrationOperation]) {
        self.name = name
        self.up = up
        self.down = down
    }

    /// A hex FNV-1a hash of the operations' summaries, up and down.
    public var checksum: String {
        let text = (up.map(\.summary) + ["--"] + down.map(\.summary)).joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
