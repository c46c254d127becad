/// A full-text search over a ``Searchable`` model: filter it like a query,
/// order by relevance with `ranked()`, and read rows or highlighted text.
///
/// ```swift
/// let results = try await Article.search("swift orm").filter { $0.published == true }.ranked().limit(20).all(on: db)
/// ```
public struct SearchQuery<M: Searchable>: Sendable {
    let text: String
    var query: Query<M>
    var isRanked = false
    /// A text-search configuration other than the model's, for this query.
    var language: String?

    /// Also keeps the rows matching `predicate`.
    public func filter(_ predicate: (M.Columns) -> Condition) -> SearchQuery {
        var search = self
        search.query = query.filter(predicate)
        return search
    }

    /// Best matches first.
    public func ranked() -> SearchQuery {
        var search = self
        search.isRanked = true
        return search
    }

    /// Searches with another PostgreSQL text-search configuration than the
    /// model's `searchLanguage` — `simple` matches words as written, without
    /// stemming; `german` stems German. The index is built for the model's
    /// configuration, so another one reads without it. SQLite's FTS5 table
    /// has one tokenizer (Porter, English) and ignores this.
    ///
    /// ```swift
    /// let exact = try await Article.search("running").language("simple").all(on: db)   // not "runs"
    /// ```
    public func language(_ configuration: String) -> SearchQuery {
        var search = self
        search.language = configuration
        return search
    }

    /// At most `count` rows.
    public func limit(_ count: Int) -> SearchQuery {
        var search = self
        search.query = query.limit(count)
        return search
    }

    /// The query with the match condition and, when ranked, the order.
    var compiled: Query<M> {
        var compiled = query
        let match = ExpressionNode.fullText(M.fullText(text, .match, language: language))
        compiled.predicate = compiled.predicate.map { .binary($0, "AND", match) } ?? match
        if isRanked {
            compiled.orderings.insert(
                Ordering(node: .fullText(M.fullText(text, .rank, language: language)), descending: true, nulls: nil), at: 0)
        }
        return compiled
    }

    /// The matching rows.
    public func all(on db: some QueryExecutor) async throws -> [M] {
        try await compiled.all(on: db)
    }

    /// The matching rows with `column` highlighted (`<mark>…</mark>` around matched words).
    public func highlighted(_ column: PartialKeyPath<M>, on db: some QueryExecutor) async throws -> [(M, String)] {
        guard let name = M.columnName(for: column), let index = M.searchColumns.firstIndex(of: name) else {
            throw QuarryError.invalidArgument(name: "column", reason: "\(column) is not a searchable column of \(M.schema.name)")
        }
        let highlight = SQLExpression<String>(.fullText(M.fullText(text, .highlight(index), language: language)))
        return try await compiled.annotated(on: db) { _ in highlight }
    }
}
