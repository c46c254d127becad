import Quarry

/// PostgreSQL's spelling of SQL: `$N` placeholders.
///
/// ```swift
/// PostgresDialect().placeholder(3)   // "$3"
/// ```
public struct PostgresDialect: SQLDialect {
    public init() {}
    public var name: String { "postgres" }
    /// The wire protocol counts parameters in 16 bits.
    public var maxBindParameters: Int { 65_535 }
    public var beginTransactionSQL: String { "BEGIN" }
    public func placeholder(_ index: Int) -> String { "$\(index)" }
}
