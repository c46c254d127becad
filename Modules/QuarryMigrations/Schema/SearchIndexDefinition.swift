/// A table's full-text search index: the searchable columns and the
/// PostgreSQL text-search configuration (see `Searchable`).
///
/// ```swift
/// .createSearchIndex("articles", SearchIndexDefinition(columns: ["title", "body"]))
/// ```
public struct SearchIndexDefinition: Sendable, Hashable {
    public var columns: [String]
    public var language: String

    public init(columns: [String], language: String = "english") {
        self.columns = columns
        self.language = language
    }
}
