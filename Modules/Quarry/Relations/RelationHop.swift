/// One step of a relation path in a query: from the rows aliased `outer`
/// to the related rows aliased `inner.alias` inside a subquery.
struct RelationHop: Sendable {
    let relationship: Relationship
    let outer: String
    let inner: ColumnScope
    /// The target model's default scopes on `inner` (soft delete, tenant),
    /// resolved when the hop is built; an invalid node when they throw.
    var scopes: ExpressionNode?

    /// `FROM target AS inner [JOIN junction …] WHERE link [AND extra]`.
    func fromWhere(_ extra: ExpressionNode?, _ dialect: any SQLDialect) -> SQL {
        var condition = relationship.linkNode(outer: outer, target: inner.alias)
        if let scopes { condition = .binary(condition, "AND", scopes) }
        if let extra { condition = .binary(condition, "AND", extra) }
        return " FROM \(identifier: relationship.targetTable) AS \(identifier: inner.alias)"
            + relationship.joinSQL(target: inner.alias) + " WHERE " + condition.render(dialect)
    }

    /// `EXISTS (SELECT 1 FROM … WHERE link AND condition)`.
    func exists(_ condition: ExpressionNode?, negated: Bool = false) -> ExpressionNode {
        let hop = self
        return .exists(
            SubqueryBox(tables: tables(condition)) { dialect in "SELECT 1" + hop.fromWhere(condition, dialect) },
            negated: negated)
    }

    /// `(SELECT value FROM … WHERE link LIMIT 1)`.
    func scalar(_ value: ExpressionNode) -> ExpressionNode {
        let hop = self
        return .subquery(SubqueryBox(tables: tables(value)) { dialect in
            "SELECT " + value.render(dialect) + hop.fromWhere(nil, dialect) + " LIMIT 1"
        })
    }

    /// `(SELECT count(*) FROM … WHERE link [AND condition])`.
    func count(_ condition: ExpressionNode?) -> ExpressionNode {
        let hop = self
        return .subquery(SubqueryBox(tables: tables(condition)) { dialect in "SELECT count(*)" + hop.fromWhere(condition, dialect) })
    }

    /// The tables a subquery of this hop reads: the target's, the
    /// junction's, and those of nested conditions.
    private func tables(_ node: ExpressionNode?) -> Set<String> {
        var tables: Set<String> = [relationship.targetTable]
        if let junction = relationship.junction { tables.insert(junction.table) }
        if let node { tables.formUnion(node.tables) }
        if let scopes { tables.formUnion(scopes.tables) }
        return tables
    }
}

extension [RelationHop] {
    /// The first declaration problem along the path.
    var invalidity: ExpressionNode? {
        for hop in self {
            if let scopes = hop.scopes, scopes.invalidity != nil { return scopes }
            if let problem = hop.relationship.problem {
                return .invalid(name: hop.relationship.name, reason: problem)
            }
            if hop.relationship.kind == .morphTo {
                return .invalid(
                    name: hop.relationship.name,
                    reason: "a morph-to relation cannot be followed in a query; filter its type and key columns")
            }
        }
        return nil
    }

    /// A condition on the last hop's rows, as a condition on the outermost
    /// row: nested `EXISTS`, innermost first.
    func condition(_ last: ExpressionNode) -> ExpressionNode {
        if let invalid = invalidity { return invalid }
        return dropLast().reversed().reduce(last) { node, hop in hop.exists(node) }
    }

    /// A value computed inside the last hop's subquery, as a value on the
    /// outermost row: nested scalar subqueries.
    func value(_ last: ExpressionNode) -> ExpressionNode {
        if let invalid = invalidity { return invalid }
        return dropLast().reversed().reduce(last) { node, hop in hop.scalar(node) }
    }
}

extension RelationHop {
    /// A hop to `Target`'s rows, with `Target`'s default scopes resolved.
    static func to<Target: ColumnSet>(
        _ target: Target.Type, _ relationship: Relationship, from scope: ColumnScope
    ) -> RelationHop {
        let inner = scope.nested()
        var hop = RelationHop(relationship: relationship, outer: scope.alias, inner: inner)
        do {
            hop.scopes = try Target.scopeNodes(in: inner).reduce(nil) { result, node in
                result.map { .binary($0, "AND", node) } ?? node
            }
        } catch QuarryError.misuse(let message) {
            // No tenant set for the target: the same misuse as a query of it.
            hop.scopes = .invalid(name: "", reason: message)
        } catch {
            hop.scopes = .invalid(name: relationship.name, reason: "\(error)")
        }
        return hop
    }
}
