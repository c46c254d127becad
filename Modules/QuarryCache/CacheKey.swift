import Crypto
import Foundation
import Quarry

/// Cache keys: readable prefixes, a digest of what varies.
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
        for part in [database, text] + binds.map(describe) {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// A value with its kind, so `1` and `'1'` differ.
    private static func describe(_ value: SQLValue) -> String {
        "\(value.kindName):\(value)"
    }
}
