/// An index access method (PostgreSQL; SQLite has B-trees only and ignores it).
public enum IndexMethod: String, Sendable, Hashable, CaseIterable {
    case btree, hash, gin, gist, brin
}

/// What an index holds beyond its columns: descending columns, SQL
/// expressions, the access method and covering (`INCLUDE`) columns. The
/// method and `INCLUDE` are PostgreSQL's; SQLite builds a plain B-tree
/// without them.
///
/// ```swift
/// IndexOptions(descending: ["created_at"])
/// IndexOptions(expressions: ["lower(email)"])
/// IndexOptions(method: .gin)                       // a jsonb or tsvector column
/// IndexOptions(include: ["title"])                 // index-only scans
/// ```
public struct IndexOptions: Sendable, Hashable {
    public var descending: Set<String>
    public var expressions: [String]
    public var method: IndexMethod?
    public var include: [String]

    public init(descending: Set<String> = [], expressions: [String] = [], method: IndexMethod? = nil, include: [String] = []) {
        self.descending = descending
        self.expressions = expressions
        self.method = method
        self.include = include
    }

    public var isEmpty: Bool { descending.isEmpty && expressions.isEmpty && method == nil && include.isEmpty }
}

extension SchemaSQL {
    /// `CREATE [UNIQUE] INDEX name ON table [USING method] (columns [DESC], (expressions)) [INCLUDE (…)] [WHERE …]`,
    /// the PostgreSQL-only parts left out on SQLite.
    package static func createIndex(
        _ name: String, on table: String, columns: [String], unique: Bool = false, where condition: String? = nil,
        options: IndexOptions = IndexOptions(), dialect: some SQLDialect, ifNotExists: Bool = false
    ) -> SQL {
        let postgres = dialect.name == "postgres"
        var sql: SQL = "CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX \(unsafeRaw: ifNotExists ? "IF NOT EXISTS " : "")"
            + "\(identifier: name) ON \(identifier: table)"
        if postgres, let method = options.method { sql.append(sql: " USING \(method.rawValue)") }
        let parts = columns.map { "\(identifier: $0)\(unsafeRaw: options.descending.contains($0) ? " DESC" : "")" as SQL }
            + options.expressions.map { "(\(unsafeRaw: $0))" as SQL }
        sql.append(" (" + SQL.join(parts, separator: ", ") + ")")
        if postgres, !options.include.isEmpty {
            sql.append(" INCLUDE (" + SQL.join(options.include.map { "\(identifier: $0)" as SQL }, separator: ", ") + ")")
        }
        if let condition { sql.append(" WHERE \(unsafeRaw: condition)") }
        return sql
    }
}
