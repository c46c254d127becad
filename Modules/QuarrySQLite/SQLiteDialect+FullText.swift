import Quarry

// Full-text search with an FTS5 external-content table `<table>_fts`
// (Porter stemmer), kept in sync by triggers; matches, bm25 ranks and
// highlights are read through correlated subqueries on the row's key.
extension SQLiteDialect {
    /// Every word quoted: FTS5 syntax in user text cannot break the query.
    private func matchText(_ search: FullTextSearch) -> String {
        search.words.map { "\"" + $0 + "\"" }.joined(separator: " ")
    }

    private func onRow(_ search: FullTextSearch) -> SQL {
        " FROM \(identifier: search.ftsTable) WHERE \(identifier: search.ftsTable) MATCH \(matchText(search)) "
            + "AND \(identifier: search.ftsTable).rowid = \(identifier: search.table).\(identifier: search.key)"
    }

    public func fullText(_ search: FullTextSearch) -> SQL {
        guard !search.words.isEmpty else { return "(1 = 0)" }
        switch search.part {
        case .match:
            return "EXISTS (SELECT 1" + onRow(search) + ")"
        case .rank:
            return "(SELECT -bm25(\(identifier: search.ftsTable))" + onRow(search) + ")"
        case .highlight(let index):
            return "(SELECT highlight(\(identifier: search.ftsTable), \(unsafeRaw: String(index)), '<mark>', '</mark>')"
                + onRow(search) + ")"
        }
    }

    /// A string literal for FTS5 options.
    private func quoted(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    public func fullTextSetup(table: String, key: String, columns: [String], language: String) -> [SQL] {
        let fts = table + "_fts"
        let names = SQL.join(columns.map { "\(identifier: $0)" as SQL }, separator: ", ")
        let newValues = SQL.join(columns.map { "new.\(identifier: $0)" as SQL }, separator: ", ")
        let oldValues = SQL.join(columns.map { "old.\(identifier: $0)" as SQL }, separator: ", ")
        let insertNew: SQL = "INSERT INTO \(identifier: fts) (rowid, " + names + ") VALUES (new.\(identifier: key), " + newValues + ");"
        let deleteOld: SQL = "INSERT INTO \(identifier: fts) (\(identifier: fts), rowid, " + names
            + ") VALUES ('delete', old.\(identifier: key), " + oldValues + ");"
        return [
            "CREATE VIRTUAL TABLE IF NOT EXISTS \(identifier: fts) USING fts5(" + names
                + ", content=\(unsafeRaw: quoted(table)), content_rowid=\(unsafeRaw: quoted(key)), tokenize='porter unicode61')",
            "CREATE TRIGGER IF NOT EXISTS \(identifier: fts + "_ai") AFTER INSERT ON \(identifier: table) BEGIN " + insertNew + " END",
            "CREATE TRIGGER IF NOT EXISTS \(identifier: fts + "_ad") AFTER DELETE ON \(identifier: table) BEGIN " + deleteOld + " END",
            "CREATE TRIGGER IF NOT EXISTS \(identifier: fts + "_au") AFTER UPDATE ON \(identifier: table) BEGIN " + deleteOld + " "
                + insertNew + " END",
            "INSERT INTO \(identifier: fts) (\(identifier: fts)) VALUES ('rebuild')",
        ]
    }

    public func fullTextTeardown(table: String) -> [SQL] {
        let fts = table + "_fts"
        return ["_ai", "_ad", "_au"].map { "DROP TRIGGER IF EXISTS \(identifier: fts + $0)" as SQL }
            + ["DROP TABLE IF EXISTS \(identifier: fts)"]
    }
}
