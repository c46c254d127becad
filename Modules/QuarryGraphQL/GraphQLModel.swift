import GraphQL
import Quarry

/// How one model appears in a ``GraphQLAPI``: its equality filters on the
/// listing, and the relations exposed as nested fields.
///
/// ```swift
/// api.model(Author.self, single: "author", plural: "authors",
///           GraphQLModel().filterable("name", \.name).relation("posts", \.posts, of: Post.self))
/// ```
public struct GraphQLModel<M: ModelDTOs & ColumnSet>: Sendable {
    struct Relation: Sendable {
        /// The related model's GraphQL type name.
        let target: String
        let isList: Bool
        /// Adds the relation's prefetch (and its own nested ones) to a query.
        let prefetch: @Sendable (Query<M>, [Field], GraphQLAPI, [String: FragmentDefinition]) -> Query<M>
        /// The loaded related rows of a row.
        let rows: @Sendable (M) throws -> (any Sendable)?
    }

    struct Filter: Sendable {
        let type: any GraphQLInputType
        let apply: @Sendable (Query<M>, Map) throws -> Query<M>
    }

    var relations: [String: Relation] = [:]
    var filters: [String: Filter] = [:]
    var orders: [String: @Sendable (Query<M>, Bool) throws -> Query<M>] = [:]

    /// No filters and no relations yet.
    public init() {}

    /// Lets the listing take an argument `name` that keeps rows whose column equals it.
    public func filterable<Value: SQLValueConvertible & LosslessStringConvertible & Sendable>(
        _ name: String, _ keyPath: any KeyPath<M, Value> & Sendable
    ) -> Self {
        var copy = self
        copy.filters[name] = Filter(type: GraphQLAPI.inputScalar(for: Value.self)) { query, argument in
            let text: String =
                switch JSON(map: argument) {
                case .string(let value): value
                case .int(let value): String(value)
                case .double(let value): String(value)
                case .bool(let value): String(value)
                default: ""
                }
            guard let value = Value(text) else {
                throw GraphQLError(message: "\(name): '\(text)' is not a valid \(Value.self)", extensions: ["code": "bad_argument"])
            }
            return try query.filter(keyPath, equals: value)
        }
        return copy
    }

    /// Lets the listing's `orderBy` argument take `name` (ascending) or
    /// `-name` (descending); the key breaks ties, and cursors follow the order.
    public func orderable<Value>(_ name: String, _ keyPath: any KeyPath<M, Value> & Sendable) -> Self {
        var copy = self
        copy.orders[name] = { query, descending in try query.order(by: keyPath, descending: descending) }
        return copy
    }

    /// Exposes a to-many relation as a list field, loaded for a whole level
    /// in one statement when a query selects it.
    public func relation<Child: ModelDTOs & ColumnSet>(
        _ name: String, _ keyPath: any WritableKeyPath<M, [Child]?> & Sendable, of child: Child.Type
    ) -> Self {
        var copy = self
        copy.relations[name] = Relation(
            target: GraphQLAPI.typeName(of: Child.self), isList: true,
            prefetch: { query, selection, api, fragments in
                query.prefetch(keyPath) { api.applyPrefetches($0, selection, fragments) }
            },
            rows: { row in try (row[keyPath: keyPath] ?? []).map { try GraphQLAPI.row($0) } })
        return copy
    }

    /// Exposes a to-one relation (`@BelongsTo`, `@HasOne`) as a nullable field.
    public func relation<Child: ModelDTOs & ColumnSet>(
        _ name: String, _ keyPath: any WritableKeyPath<M, Child?> & Sendable, of child: Child.Type
    ) -> Self {
        var copy = self
        copy.relations[name] = Relation(
            target: GraphQLAPI.typeName(of: Child.self), isList: false,
            prefetch: { query, selection, api, fragments in
                query.prefetch(keyPath) { api.applyPrefetches($0, selection, fragments) }
            },
            rows: { row in try row[keyPath: keyPath].map { try GraphQLAPI.row($0) } })
        return copy
    }
}
