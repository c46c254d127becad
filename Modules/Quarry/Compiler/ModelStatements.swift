/// The statement compiler's model statements: every `SELECT`, `UPDATE` and
/// `DELETE` a model API runs is rendered here (``Query`` adds its joins,
/// grouping and locks on top of the same scopes), with the model's scopes
/// ANDed to the caller's condition and, for writes, the scopes' write
/// rules, stamps and version bumps applied. Code elsewhere does not glue
/// model SQL together.
///
/// ```swift
/// let scopes = try ResolvedScopes.of(Invoice.self)
/// let sql = try Invoice.updateStatement([Invoice.columns.total.set(to: 0)], where: nil, scopes: scopes, dialect: dialect)
/// // UPDATE "invoices" SET "total" = ? WHERE ("invoices"."tenant_id" = ?)
/// ```
extension FetchableModel {
    /// `SELECT columns FROM table WHERE (predicate AND scopes)`, ordered by
    /// the primary key when asked, with an optional limit, the rows locked
    /// until the transaction ends when `locked` (PostgreSQL; SQLite's write
    /// transaction holds the whole database already).
    static func selectStatement(
        _ columns: SQL, where predicate: ExpressionNode?, scopes: ResolvedScopes, orderedByKey: Bool = false,
        limit: Int? = nil, locked: Bool = false, dialect: some SQLDialect
    ) throws -> SQL {
        var sql: SQL = "SELECT " + columns + " FROM \(identifier: schema.name)"
        sql.append(try whereClause(predicate, scopes, dialect))
        if orderedByKey {
            let keys = try schema.primaryKeyIndices().map { ExpressionNode.column(table: schema.name, name: schema.columns[$0].name) }
            sql.append(" ORDER BY " + SQL.join(keys.map { $0.render(dialect) }, separator: ", "))
        }
        if let limit { sql.append(" LIMIT \(limit)") }
        if locked && dialect.name == "postgres" { sql.append(sql: " FOR UPDATE") }
        return sql
    }

    /// ` WHERE (predicate AND scopes)`, or nothing; throws for a predicate
    /// that cannot be built (a key of the wrong shape).
    static func whereClause(_ predicate: ExpressionNode?, _ scopes: ResolvedScopes, _ dialect: some SQLDialect) throws -> SQL {
        if let error = predicate?.compileError { throw error }
        let all = [predicate].compactMap { $0 } + scopes.conditions
        guard let first = all.first else { return "" }
        return " WHERE " + all.dropFirst().reduce(first) { .binary($0, "AND", $1) }.render(dialect)
    }
}

extension Model {
    /// `UPDATE table SET … WHERE (predicate AND scopes)`: refuses an
    /// assignment to a column a scope fixes, and adds the model's stamps
    /// (`updatedAt`) and a versioned model's version bump unless assigned.
    static func updateStatement(
        _ assignments: [Assignment], where predicate: ExpressionNode?, scopes: ResolvedScopes, dialect: some SQLDialect
    ) throws -> SQL {
        guard !assignments.isEmpty else {
            throw QuarryError.invalidArgument(name: "set", reason: "an update needs at least one assignment")
        }
        try refuseChanges(to: assignments.map(\.column), scopes)
        var list = assignments
        if _quarryTraits.stampsUpdates, let stamping = Self.self as? any BulkUpdateStamping.Type {
            list += stamping.bulkUpdateAssignments().filter { stamp in !list.contains { $0.column == stamp.column } }
        }
        if _quarryTraits.isVersioned, let versioned = Self.self as? any VersionedModel.Type, !list.contains(where: { $0.column == versioned.versionColumn }) {
            let column = ExpressionNode.column(table: schema.name, name: versioned.versionColumn)
            list.append(Assignment(column: versioned.versionColumn, value: .binary(column, "+", .value(.int(1)))))
        }
        return "UPDATE \(identifier: schema.name) SET " + SQL.join(list.map { $0.sql(for: dialect) }, separator: ", ")
            + (try whereClause(predicate, scopes, dialect))
    }

    /// `DELETE FROM table WHERE (predicate AND scopes)`.
    static func deleteStatement(where predicate: ExpressionNode?, scopes: ResolvedScopes, dialect: some SQLDialect) throws -> SQL {
        "DELETE FROM \(identifier: schema.name)" + (try whereClause(predicate, scopes, dialect))
    }
}
