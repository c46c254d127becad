/// Raw SQL with every interpolated value bound, decoded into models, rows or
/// tuples.
///
/// ```swift
/// let top = try await db.raw("SELECT * FROM authors WHERE karma > \(10) ORDER BY karma DESC").all(as: Author.self)
/// let pairs = try await db.raw("SELECT name, karma FROM authors").tuples(as: String.self, Int.self)
/// let changed = try await db.raw("UPDATE authors SET karma = 0 WHERE id = \(id)").execute()
/// ```
public struct RawQuery<Executor: QueryExecutor>: Sendable {
    let executor: Executor
    /// The statement.
    public let sql: SQL

    /// Every row, decoded as `type` (a model or any `RowDecodable`).
    public func all<Decoded: RowDecodable>(as type: Decoded.Type) async throws -> [Decoded] {
        try await executor.fetch(type, sql)
    }

    /// The first row decoded as `type`, or `nil`.
    public func first<Decoded: RowDecodable>(as type: Decoded.Type) async throws -> Decoded? {
        try await executor.fetchFirst(type, sql)
    }

    /// Every row as a ``Row``.
    public func rows() async throws -> [Row] {
        try await executor.fetchAll(sql)
    }

    /// Every row as a tuple.
    public func tuples<each Value: SQLValueConvertible>(as types: repeat (each Value).Type) async throws -> [(repeat each Value)] {
        try await executor.fetchTuples(sql, as: repeat (each Value).self)
    }

    /// Runs the statement; returns the number of rows changed.
    @discardableResult
    public func execute() async throws -> Int {
        try await executor.execute(sql)
    }
}

extension QueryExecutor {
    /// Raw SQL through string interpolation: values are binds, identifiers
    /// go through `\(identifier:)`.
    ///
    /// ```swift
    /// let authors = try await db.raw("SELECT * FROM authors WHERE id = \(id)").all(as: Author.self)
    /// ```
    public func raw(_ sql: SQL) -> RawQuery<Self> {
        RawQuery(executor: self, sql: sql)
    }
}
