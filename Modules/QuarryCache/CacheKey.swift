import Crypto
import Foundation
import Quarry

/// Cache keys: readable prefixes, a digest of what varies.
enum CacheKey {
    /// A query's key: its table, and a SHA-256 of the dialect, the SQL text
    /// and the bound values — the same query with other values is another key.
    static func query(table: String, sql text: String, binds: [SQLValue], dialect: String) -> String {
        var hasher = SHA256()
        for part in [dialect, text] + binds.map(describe) {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return "quarry:q:\(table):\(digest)"
    }

    /// A row's key by primary key.
    static func row(table: String, key: [SQLValue]) -> String {
        "quarry:k:\(table):" + key.map(describe).joined(separator: ",")
    }

    /// A value with its kind, so `1` and `'1'` differ.
    private static func describe(_ value: SQLValue) -> String {
        "\(value.kindName):\(value)"
    }
}
