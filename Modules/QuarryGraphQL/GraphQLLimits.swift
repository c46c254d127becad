import GraphQL

/// Limits against abusive queries, checked before a query runs: how deep
/// selections may nest and how many fields a query may select in all
/// (fragments expanded).
///
/// ```swift
/// let api = GraphQLAPI(cursorSecret: secret, limits: GraphQLLimits(maxDepth: 6, maxFields: 300))
/// ```
public struct GraphQLLimits: Sendable {
    /// The deepest nesting of selections (`{ authors { items { posts { title } } } }` is 4).
    public var maxDepth: Int
    /// The most fields one query may select.
    public var maxFields: Int

    /// Limits.
    public init(maxDepth: Int = 8, maxFields: Int = 500) {
        self.maxDepth = maxDepth
        self.maxFields = maxFields
    }

    /// Refuses a document over the limits.
    ///
    /// - Throws: `GraphQLError` with `extensions.code` `query_too_deep` or `query_too_complex`.
    func check(_ document: Document) throws {
        var fragments: [String: SelectionSet] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment.selectionSet
        }
        var fields = 0
        for case let operation as OperationDefinition in document.definitions {
            let depth = try measure(operation.selectionSet, fragments: fragments, level: 1, fields: &fields, visiting: [])
            if depth > maxDepth {
                throw GraphQLError(
                    message: "the query nests \(depth) levels deep; the limit is \(maxDepth)",
                    extensions: ["code": "query_too_deep"])
            }
        }
        if fields > maxFields {
            throw GraphQLError(
                message: "the query selects \(fields) fields; the limit is \(maxFields)", extensions: ["code": "query_too_complex"])
        }
    }

    /// The depth of `set`, counting its fields into `fields`.
    private func measure(
        _ set: SelectionSet, fragments: [String: SelectionSet], level: Int, fields: inout Int, visiting: Set<String>
    ) throws -> Int {
        var deepest = level
        for selection in set.selections {
            switch selection {
            case let field as Field:
                fields += 1
                if let child = field.selectionSet {
                    deepest = max(deepest, try measure(child, fragments: fragments, level: level + 1, fields: &fields, visiting: visiting))
                }
            case let inline as InlineFragment:
                deepest = max(deepest, try measure(inline.selectionSet, fragments: fragments, level: level, fields: &fields, visiting: visiting))
            case let spread as FragmentSpread:
                let name = spread.name.value
                guard !visiting.contains(name), let fragment = fragments[name] else { continue }
                deepest = max(deepest, try measure(fragment, fragments: fragments, level: level, fields: &fields, visiting: visiting.union([name])))
            default:
                continue
            }
        }
        return deepest
    }
}

/// The fields selected directly in `set` (fragments flattened), for looking
/// ahead at which relations a query asks for.
func selectedFields(_ set: SelectionSet?, fragments: [String: FragmentDefinition]) -> [Field] {
    guard let set else { return [] }
    return set.selections.flatMap { selection -> [Field] in
        switch selection {
        case let field as Field: [field]
        case let inline as InlineFragment: selectedFields(inline.selectionSet, fragments: fragments)
        case let spread as FragmentSpread: selectedFields(fragments[spread.name.value]?.selectionSet, fragments: fragments)
        default: []
        }
    }
}
