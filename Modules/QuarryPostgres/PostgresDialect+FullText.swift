import Quarry

// Full-text search with tsvector/tsquery computed from the columns (the GIN
// expression index from `fullTextSetup` serves the match).
extension PostgresDialect {
    /// `to_tsvector('cfg', coalesce(a, '') || ' ' || coalesce(b, ''))` over `table`'s columns.
    private func document(_ table: String, _ columns: [String], _ language: String, qualified: Bool) -> SQL {
        let parts = columns.map { column -> SQL in
            qualified ? "coalesce(\(identifier: table).\(identifier: column), '')" : "coalesce(\(identifier: column), '')"
        }
        return "to_tsvector(\(unsafeRaw: literalText(language))::regconfig, " + SQL.join(parts, separator: " || ' ' || ") + ")"
    }

    private func literalText(_ text: String) -> String {
        "'" + text.filter { $0 != "'" && $0 != "\\" } + "'"
    }

    private func tsquery(_ search: FullTextSearch) -> SQL {
        "websearch_to_tsquery(\(unsafeRaw: literalText(search.language))::regconfig, \(search.text))"
    }

    public func fullText(_ search: FullTextSearch) -> SQL {
        let document = self.document(search.table, search.columns, search.language, qualified: true)
        switch search.part {
        case .match:
            return "(" + document + " @@ " + tsquery(search) + ")"
        case .rank:
            return "ts_rank(" + document + ", " + tsquery(search) + ")"
        case .highlight(let index):
            return "ts_headline(\(unsafeRaw: literalText(search.language))::regconfig, "
                + "\(identifier: search.table).\(identifier: search.columns[index]), " + tsquery(search)
                + ", 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')"
        }
    }

    public func fullTextSetup(table: String, key: String, columns: [String], language: String) -> [SQL] {
        ["CREATE INDEX IF NOT EXISTS \(identifier: "fts_\(table)") ON \(identifier: table) USING gin ("
            + document(table, columns, language, qualified: false) + ")"]
    }

    public func fullTextTeardown(table: String) -> [SQL] {
        ["DROP INDEX IF EXISTS \(identifier: "fts_\(table)")"]
    }
}
