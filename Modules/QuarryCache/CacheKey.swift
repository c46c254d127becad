import Crypto
import Foundation
import Quarry
import Synchronization

/// Cache keys: readable prefixes, then what varies — exactly.
///
/// A key names the database (its identity, with any settings it applies),
/// the compiled statement and every bound value, so the same query with other
/// values (another tenant, soft-deleted rows shown) or on another database is
/// another key, and two values that differ (a blob's bytes, a date's bit
/// pattern) never share one. Built for every cached read, hit or miss, so it
/// is cheap: the digest of database and statement is computed once per
/// statement shape, and the values are written out exactly when short (a
/// primary key) and digested when long.
enum CacheKey {
    /// A query's key.
    static func query(table: String, sql text: String, binds: [SQLValue], database: String) -> String {
        "quarry:q:\(table):" + shape(database, text) + values(binds)
    }

    /// A row's key by primary key: like a query's, over the statement
    /// `find` runs, so it carries the same scopes.
    static func row(table: String, sql text: String, binds: [SQLValue], database: String) -> String {
        "quarry:k:\(table):" + shape(database, text) + values(binds)
    }

    /// A row's key by primary key for a model without scopes, whose `find`
    /// statement is fixed by the model and the database: named by the model
    /// type instead of compiled text.
    static func row<M: FetchableModel>(of model: M.Type, key: [SQLValue], database: String) -> String {
        "quarry:k:\(M.schema.name):" + shape(database, model: M.self) + values(key)
    }

    private struct Shape: Hashable {
        let database: String
        let text: String
        var model: ObjectIdentifier? = nil
    }

    private static func shape<M: FetchableModel>(_ database: String, model: M.Type) -> String {
        let shape = Shape(database: database, text: "", model: ObjectIdentifier(M.self))
        if let known = shapes.withLock({ $0[shape] }) { return known }
        return remember(shape, digesting: [database, "find by key of " + String(reflecting: M.self)])
    }

    /// Digests of (database, statement), kept for the shapes seen lately.
    private static let shapes = Mutex<[Shape: String]>([:])
    private static let shapeLimit = 4_096

    private static func shape(_ database: String, _ text: String) -> String {
        let shape = Shape(database: database, text: text)
        if let known = shapes.withLock({ $0[shape] }) { return known }
        return remember(shape, digesting: [database, text])
    }

    private static func remember(_ shape: Shape, digesting parts: [String]) -> String {
        var bytes = ExactBytes()
        for part in parts { bytes.add(text: part) }
        let digest = hex(SHA256.hash(data: bytes.storage))
        shapes.withLock { shapes in
            if shapes.count >= shapeLimit { shapes.removeAll(keepingCapacity: true) }
            shapes[shape] = digest
        }
        return digest
    }

    /// `=` and the values' exact bytes in hex when short, else `#` and their digest.
    private static func values(_ binds: [SQLValue]) -> String {
        var bytes = ExactBytes()
        for value in binds { bytes.add(value) }
        if bytes.storage.count <= 32 { return "=" + hex(bytes.storage) }
        return "#" + hex(SHA256.hash(data: bytes.storage))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Values written out with their kind and exact contents, length-prefixed,
/// so that no sequence of values can imitate another.
private struct ExactBytes {
    var storage: [UInt8] = []

    mutating func add(_ value: SQLValue) {
        switch value {
        case .null: add(tag: 0)
        case .int(let int): add(tag: 1); add(word: UInt64(bitPattern: int))
        case .double(let double): add(tag: 2); add(word: double.bitPattern)
        case .text(let text): add(tag: 3); add(text: text)
        case .blob(let bytes): add(tag: 4); add(word: UInt64(bytes.count)); storage += bytes
        case .bool(let bool): add(tag: 5); add(tag: bool ? 1 : 0)
        case .date(let date): add(tag: 6); add(word: date.timeIntervalSinceReferenceDate.bitPattern)
        case .uuid(let uuid): add(tag: 7); withUnsafeBytes(of: uuid.uuid) { storage += $0 }
        case .decimal(let decimal): add(tag: 8); add(text: decimal.description)
        case .json(let json): add(tag: 9); add(text: json.description)
        }
    }

    mutating func add(text: String) {
        add(word: UInt64(text.utf8.count))
        storage += text.utf8
    }

    private mutating func add(tag: UInt8) {
        storage.append(tag)
    }

    private mutating func add(word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { storage += $0 }
    }
}
