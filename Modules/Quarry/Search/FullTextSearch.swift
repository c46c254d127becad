/// One full-text expression over a ``Searchable`` model's text columns:
/// the match, its rank (higher is better on both databases) or a
/// highlighted column. Rendered by the dialect: `to_tsvector`/
/// `websearch_to_tsquery`/`ts_rank`/`ts_headline` on PostgreSQL, an FTS5
/// external-content table with `bm25` and `highlight` on SQLite.
public struct FullTextSearch: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case match
        case rank
        /// The column (an index into `columns`) with matches wrapped in `<mark>…</mark>`.
        case highlight(Int)
    }

    public let table: String
    public let key: String
    public let columns: [String]
    public let language: String
    public let text: String
    public let part: Part

    /// The words of `text` (letters and digits), for engines that take a
    /// list of terms (FTS5): every word must match.
    public var words: [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The FTS5 table of a SQLite search (`<table>_fts`).
    public var ftsTable: String { table + "_fts" }
}

/// A model whose text columns are searchable: `createTables` adds the
/// full-text index (a GIN index over `to_tsvector` on PostgreSQL; an FTS5
/// table kept in sync by triggers on SQLite).
///
/// ```swift
/// @Model struct Article: Searchable {
///     @ID var id: Int64?
///     var title: String
///     var body: String
///     static var searchable: [PartialKeyPath<Article>] { [\.title, \.body] }
/// }
/// let hits = try await Article.search("swift orm").ranked().limit(10).all(on: db)
/// let marked = try await Article.search("swift").highlighted(\.body, on: db)   // [(Article, "…<mark>Swift</mark>…")]
/// ```
///
/// Differences: PostgreSQL stems with the `searchLanguage` configuration
/// and reads `websearch_to_tsquery` syntax (quotes, `or`, `-`); SQLite uses
/// the Porter stemmer (English) and every word must match.
public protocol Searchable: ColumnSet {
    /// The searchable text columns.
    static var searchable: [PartialKeyPath<Self>] { get }
    /// PostgreSQL's text-search configuration (`english` by default).
    static var searchLanguage: String { get }
}

extension Searchable {
    public static var searchLanguage: String { "english" }

    static var searchColumns: [String] { searchable.compactMap { columnName(for: $0) } }

    /// The searchable columns' names.
    public static var searchColumnNames: [String] { searchColumns }

    /// The statements that make the table searchable on `dialect`.
    public static func fullTextSetupSQL(_ dialect: any SQLDialect) -> [SQL] {
        dialect.fullTextSetup(
            table: schema.name, key: schema.primaryKeyName ?? "id", columns: searchColumns, language: searchLanguage)
    }

    static func fullText(_ text: String, _ part: FullTextSearch.Part, language: String? = nil) -> FullTextSearch {
        FullTextSearch(
            table: schema.name, key: schema.primaryKeyName ?? "id", columns: searchColumns,
            language: language ?? searchLanguage, text: text, part: part)
    }

    /// The rows matching `text`, as a query you can filter, rank, limit.
    public static func search(_ text: String) -> SearchQuery<Self> {
        SearchQuery(text: text, query: Query())
    }
}
