import Quarry

/// An index, unique or not, over one or more columns, optionally partial.
/// Unique constraints are unique indexes here (one concept on both databases).
///
/// ```swift
/// IndexDefinition("ix_posts_author_id", columns: ["author_id"])
/// IndexDefinition("uq_tags_label", columns: ["label"], isUnique: true)
/// IndexDefinition("ix_jobs_queued", columns: ["created_at"], where: "state = 'queued'")
/// IndexDefinition("ix_docs_body", columns: ["body"], options: IndexOptions(method: .gin))
/// ```
public struct IndexDefinition: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var isUnique: Bool
    /// The SQL condition of a partial index (`WHERE …`), written for both databases.
    public var condition: String?
    /// Descending columns, expressions, method, `INCLUDE` columns.
    public var options: IndexOptions

    public init(
        _ name: String, columns: [String], isUnique: Bool = false, where condition: String? = nil,
        options: IndexOptions = IndexOptions()
    ) {
        self.name = name
        self.columns = columns
        self.isUnique = isUnique
        self.condition = condition
        self.options = options
    }
}
