import Quarry

/// One filterable field of a ``CRUDRouter``: how its lookups apply to a
/// query, and its value's type (for text lookups and the OpenAPI document).
struct FieldFilter<M: ColumnSet>: Sendable {
    /// The JSON Schema of one value (for the OpenAPI document).
    let schema: JSONSchema
    /// Whether the column holds text (text lookups need it).
    let isText: Bool
    /// Whether the column is optional.
    let isOptional: Bool
    /// Applies a lookup with its values as text, naming the query parameter in errors.
    let apply: @Sendable (Query<M>, ColumnLookup, [String], String) throws -> Query<M>
    /// Applies `__isnull`.
    let applyNull: @Sendable (Query<M>, Bool) throws -> Query<M>

    init(
        schema: JSONSchema, isText: Bool, isOptional: Bool,
        apply: @escaping @Sendable (Query<M>, ColumnLookup, [String], String) throws -> Query<M>,
        applyNull: @escaping @Sendable (Query<M>, Bool) throws -> Query<M>
    ) {
        self.schema = schema
        self.isText = isText
        self.isOptional = isOptional
        self.apply = apply
        self.applyNull = applyNull
    }
}
