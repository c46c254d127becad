/// A model row with one extra computed value.
struct AnnotatedRow<M: FetchableModel, Value: SQLValueConvertible>: RowDecodable {
    var model: M
    var value: Value

    init(row: inout some RowDecoder) throws {
        model = try M(row: &row)
        value = try row.decode(Value.self)
    }
}

extension Query {
    /// Every matching row with one computed value beside it (Django's
    /// `annotate`): an expression or a scalar subquery.
    ///
    /// ```swift
    /// let essayCount = try Essay.filter { $0.writerID == Writer.columns.id }.countSubquery()
    /// let writers = try await Writer.query.annotated(on: db) { _ in essayCount }   // [(Writer, Int)]
    /// ```
    public func annotated<E: QueryExpression>(
        on db: some QueryExecutor, _ expression: (M.Columns) -> E
    ) async throws -> [(M, E.Value)] where E.Value: SQLValueConvertible {
        let node = expression(M.columns).node
        if let error = node.compileError { throw error }
        let extra = node.render(db.dialect)
        let sql = try select(M.selection + ", " + extra, dialect: db.dialect)
        let rows = try await db.fetch(AnnotatedRow<M, E.Value>.self, sql)
        let models = try await runPrefetches(rows.map(\.model), on: db)
        return zip(models, rows).map { ($0, $1.value) }
    }

    /// `(SELECT count(*) …)` of this query, as a scalar expression for
    /// annotations and comparisons.
    ///
    /// ```swift
    /// let essays = try Essay.filter { $0.writerID == Writer.columns.id }.countSubquery()
    /// let prolific = try await Writer.filter { _ in essays > 1 }.all(on: db)
    /// ```
    public func countSubquery() throws -> SQLExpression<Int> {
        SQLExpression(.subquery(try box("count(*)")))
    }
}
