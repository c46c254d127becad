import Crypto
import Foundation
import Quarry

/// Cache keys: readable prefixes, a digest of what varies.
///
/// Built for every cached read, hit or miss, so the digest is fed bytes
/// directly — no intermediate strings or `Data` — and every bound value
/// exactly (a blob's bytes, a date's bit pattern), so two values that differ
/// never share a key.
enum CacheKey {
    /// A query's key: its table, and a SHA-256 of the database's identity,
    /// the SQL text and the bound values — the same query with other values
    /// (another tenant, soft-deleted rows shown) or on another database is
    /// another key.
    static func query(table: String, sql text: String, binds: [SQLValue], database: String) -> String {
        "quarry:q:\(table):" + digest(database, text, binds)
    }

    /// A row's key by primary key: like a query's, over the statement
    /// `find` runs, so it carries the same scopes.
    static func row(table: String, sql text: String, binds: [SQLValue], database: String) -> String {
        "quarry:k:\(table):" + digest(database, text, binds)
    }

    private static func digest(_ database: String, _ text: String, _ binds: [SQLValue]) -> String {
        var hasher = SHA256()
        hasher.add(text: database)
        hasher.add(text: text)
        for value in binds { hasher.add(value) }
        return hex(hasher.finalize())
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = hexDigits[Int(byte >> 4)]
                buffer[index + 1] = hexDigits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}

extension SHA256 {
    /// Feeds `value` with its kind and its exact contents.
    fileprivate mutating func add(_ value: SQLValue) {
        switch value {
        case .null: add(tag: 0)
        case .int(let int): add(tag: 1); add(word: UInt64(bitPattern: int))
        case .double(let double): add(tag: 2); add(word: double.bitPattern)
        case .text(let text): add(tag: 3); add(text: text)
        case .blob(let bytes): add(tag: 4); add(bytes: bytes)
        case .bool(let bool): add(tag: 5); add(tag: bool ? 1 : 0)
        case .date(let date): add(tag: 6); add(word: date.timeIntervalSinceReferenceDate.bitPattern)
        case .uuid(let uuid): add(tag: 7); withUnsafeBytes(of: uuid.uuid) { update(bufferPointer: $0) }
        case .decimal(let decimal): add(tag: 8); add(text: decimal.description)
        case .json(let json): add(tag: 9); add(text: json.description)
        }
    }

    /// Length-prefixed, so no text can imitate two.
    fileprivate mutating func add(text: String) {
        var text = text
        text.withUTF8 { bytes in
            add(word: UInt64(bytes.count))
            update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }

    private mutating func add(bytes: [UInt8]) {
        add(word: UInt64(bytes.count))
        bytes.withUnsafeBytes { update(bufferPointer: $0) }
    }

    private mutating func add(tag: UInt8) {
        withUnsafeBytes(of: tag) { update(bufferPointer: $0) }
    }

    private mutating func add(word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { update(bufferPointer: $0) }
    }
}
