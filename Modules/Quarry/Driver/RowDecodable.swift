/// A type that builds itself from one result row, reading columns in order.
///
/// `@Model` generates this conformance; hand-written types may conform too.
///
/// ```swift
/// struct NameAndKarma: RowDecodable {
///     var name: String, karma: Int
///     init(row: inout some RowDecoder) throws {
///         name = try row.decode(String.self)
///         karma = try row.decode(Int.self)
///     }
/// }
/// let rows = try await db.fetch(NameAndKarma.self, "SELECT name, karma FROM authors")
/// ```
public protocol RowDecodable {
    /// Reads this value from `row`, starting at its current column.
    init(row: inout some RowDecoder) throws

    /// Every row of `sql` run on `db`, decoded: what
    /// ``QueryExecutor/fetch(_:_:)`` returns. Implemented once, below; a
    /// requirement so that the loop is compiled for each conforming type
    /// where the conformance is declared (no run-time type lookup per row).
    static func _fetchAll(_ sql: SQL, on db: any QueryExecutor) async throws -> [Self]

    /// The first row of `sql` run on `db`, decoded, or `nil`: what
    /// ``QueryExecutor/fetchFirst(_:_:)`` returns, compiled like ``_fetchAll(_:on:)``.
    static func _fetchFirst(_ sql: SQL, on db: any QueryExecutor) async throws -> Self?
}

extension RowDecodable {
    @inlinable
    public static func _fetchAll(_ sql: SQL, on db: any QueryExecutor) async throws -> [Self] {
        var rows: [Self] = []
        if try db.runImmediately(sql, decoding: Self.self, { rows.append($0) }) == nil {
            try await db.run(sql, decoding: Self.self) { rows.append($0) }
        }
        return rows
    }

    @inlinable
    public static func _fetchFirst(_ sql: SQL, on db: any QueryExecutor) async throws -> Self? {
        var first: Self?
        if try db.runImmediately(sql, decoding: Self.self, { row in if first == nil { first = row } }) == nil {
            try await db.run(sql, decoding: Self.self) { row in
                if first == nil { first = row }
            }
        }
        return first
    }
}

/// The first column of each row, as one value: what `fetchValues` decodes.
public struct SingleValue<Value: SQLValueConvertible>: RowDecodable {
    /// The decoded value.
    public var value: Value

    public init(row: inout some RowDecoder) throws {
        value = try row.decode(Value.self)
    }
}

/// A row that is not read: what ``QueryExecutor/execute(_:)`` decodes, so
/// that a statement's result columns, of whatever type, cost nothing.
public struct IgnoredRow: RowDecodable {
    public init(row: inout some RowDecoder) throws {}
}
