import Synchronization

/// The SQL text of statements whose shape depends only on a model and a
/// few choices (which columns, how many rows): rendered once per dialect,
/// then reused with fresh binds. Model CRUD runs through it, so a
/// primary-key lookup or a single-row insert builds no SQL at run time.
///
/// Bounded: past `capacity` shapes it starts over (shapes are few in
/// practice: one per model and column set).
final class SQLTextCache: Sendable {
    static let shared = SQLTextCache()

    struct Key: Hashable, Sendable {
        let model: ObjectIdentifier
        let dialect: String
        let kind: Kind
        /// Column indexes the statement names (insert, update), if any.
        let columns: [Int]
        /// Rows of a multi-row insert.
        let rows: Int
    }

    enum Kind: Hashable, Sendable {
        case insert, insertWithoutReturning, findByKey, update, versionedUpdate, updateWithoutReturning,
            versionedUpdateWithoutReturning
    }

    private let capacity = 1_024
    private let texts = Mutex<[Key: String]>([:])

    /// The text for `key`, rendered by `build` the first time.
    func text(_ key: Key, dialect: some SQLDialect, build: () throws -> SQL) throws -> String {
        if let text = texts.withLock({ $0[key] }) { return text }
        let text = try build().render(for: dialect).text
        texts.withLock { texts in
            if texts.count >= capacity { texts.removeAll(keepingCapacity: true) }
            texts[key] = text
        }
        return text
    }
}

extension SQL {
    /// SQL whose text is already rendered for `dialect`, with its binds.
    static func prerendered(
        _ text: String, binds: [SQLValue], dialect: some SQLDialect, readOnly: Bool, writtenRow: WrittenRow? = nil,
        readBack: ReadBack? = nil
    ) -> SQL {
        var sql = SQL()
        sql.prerendered = Prerendered(dialect: dialect.name, text: text, binds: binds)
        sql.isReadOnly = readOnly
        sql.writtenRow = writtenRow
        sql.readBack = readBack
        return sql
    }
}

extension SQL {
    /// This SQL, marked as only reading (a `SELECT` the kernel built).
    func readOnly() -> SQL {
        var sql = self
        sql.isReadOnly = true
        return sql
    }
}
