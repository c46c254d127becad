import Foundation
import GraphQL
import OrderedCollections
import Quarry
import QuarryHummingbird
import QuarryPagination
import Synchronization

/// A GraphQL schema built from registered models: an object type per model
/// from its Response DTO, queries `author(id:)` and `authors(first:, after:,
/// <filters>)` (cursor pages), relations as nested fields loaded one
/// statement per level (never per row), and mutations `createAuthor`,
/// `updateAuthor`, `deleteAuthor` from the Create and Update DTOs, whose
/// validation failures come back as GraphQL errors with every field.
///
/// ```swift
/// let api = GraphQLAPI(cursorSecret: secret)
/// api.model(Author.self, single: "author", plural: "authors", GraphQLModel().filterable("name", \.name).relation("posts", \.posts, of: Post.self))
/// api.model(Post.self, single: "post", plural: "posts", GraphQLModel().relation("author", \.author, of: Author.self))
/// router.addGraphQLRoutes(api)        // POST /graphql, GET /graphql (GraphiQL)
/// ```
public final class GraphQLAPI: Sendable {
    /// Refused before running: too deep, too many fields.
    public let limits: GraphQLLimits
    let signer: CursorSigner
    let defaultPageSize: Int
    let maxPageSize: Int
    private let state = Mutex(State())

    private struct State: @unchecked Sendable {
        // @unchecked Sendable: GraphQLSchema is not Sendable-annotated; it is
        // built once, under this lock, and only read afterwards.
        var entries: [ObjectIdentifier: any ModelEntry] = [:]
        var order: [ObjectIdentifier] = []
        var schema: GraphQLSchema?
    }

    /// An API with no models yet.
    ///
    /// - Parameters:
    ///   - cursorSecret: signs page cursors (at least 32 bytes).
    ///   - limits: how deep and wide a query may be.
    ///   - defaultPageSize: items per list without `first:`.
    ///   - maxPageSize: the largest `first:` accepted.
    /// - Throws: `PaginationError` for a short secret.
    public init(cursorSecret: [UInt8], limits: GraphQLLimits = GraphQLLimits(), defaultPageSize: Int = 20, maxPageSize: Int = 100) throws {
        signer = try CursorSigner(secret: cursorSecret)
        self.limits = limits
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
    }

    /// Adds `model` with its root query fields and, unless `mutations` is
    /// false, its mutations.
    public func model<M: ModelDTOs & ColumnSet>(
        _ model: M.Type, single: String, plural: String, mutations: Bool = true,
        _ configuration: GraphQLModel<M> = GraphQLModel()
    ) where M.Key: LosslessStringConvertible, M.Response: Sendable {
        let entry = TypedEntry(model: configuration, single: single, plural: plural, mutations: mutations)
        state.withLock { state in
            let id = ObjectIdentifier(M.self)
            if state.entries[id] == nil { state.order.append(id) }
            state.entries[id] = entry
            state.schema = nil
        }
    }

    /// The schema (built once, after the last ``model(_:single:plural:mutations:_:)``).
    public func schema() throws -> GraphQLSchema {
        if let schema = state.withLock({ $0.schema }) { return schema }
        let entries = state.withLock { state in state.order.compactMap { state.entries[$0] } }
        let table = TypeTable()
        for entry in entries { table.objects[entry.typeName] = try entry.objectType(self, table) }
        var queries: [String: GraphQLField] = [:]
        var mutations: [String: GraphQLField] = [:]
        for entry in entries {
            for (name, field) in try entry.queryFields(self, table) { queries[name] = field }
            for (name, field) in try entry.mutationFields(self, table) { mutations[name] = field }
        }
        let schema = try GraphQLSchema(
            query: GraphQLObjectType(name: "Query", fields: .init(uniqueKeysWithValues: queries.sorted { $0.key < $1.key })),
            mutation: mutations.isEmpty
                ? nil : GraphQLObjectType(name: "Mutation", fields: .init(uniqueKeysWithValues: mutations.sorted { $0.key < $1.key })))
        state.withLock { $0.schema = schema }
        return schema
    }

    /// Runs one request against `database`: refused with an error when it
    /// is over ``limits``, else executed.
    ///
    /// ```swift
    /// let result = try await api.execute("{ authors(first: 10) { items { name posts { title } } } }", on: db)
    /// ```
    public func execute(
        _ request: String, variables: [String: Map] = [:], operationName: String? = nil, on database: Database
    ) async throws -> GraphQLResult {
        do {
            try limits.check(try parse(source: request))
        } catch let error as GraphQLError {
            return GraphQLResult(errors: [error])
        }
        return try await graphql(
            schema: schema(), request: request, context: GraphQLContext(database: database), variableValues: variables,
            operationName: operationName)
    }

    // MARK: - Shared with the entries

    /// Adds the prefetches of the relations `selection` asks for to a query of `C`.
    func applyPrefetches<C: ColumnSet>(_ query: Query<C>, _ selection: [Field], _ fragments: [String: FragmentDefinition]) -> Query<C> {
        guard let entry = state.withLock({ $0.entries[ObjectIdentifier(C.self)] }) as? any PrefetchingEntry<C> else { return query }
        return entry.prefetching(query, selection, self, fragments)
    }

    static func typeName(of model: Any.Type) -> String { String(describing: model) }

    static func row<M: ModelDTOs>(_ model: M) throws -> GraphQLRow {
        GraphQLRow(model: model, fields: try model.responseFields())
    }

    /// The GraphQL input scalar for a Swift type.
    static func inputScalar(for type: Any.Type) -> any GraphQLInputType {
        scalar(JSONSchema.of(type).json)
    }

    /// The GraphQL scalar for a JSON Schema (`string` for anything it cannot name).
    static func scalar(_ schema: JSON) -> GraphQLScalarType {
        let types: [String] =
            switch schema["type"] {
            case .string(let type)?: [type]
            case .array(let types)?: types.compactMap { if case .string(let type) = $0 { type } else { nil } }
            default: []
            }
        if types.contains("integer") { return GraphQLInt }
        if types.contains("number") { return GraphQLFloat }
        if types.contains("boolean") { return GraphQLBoolean }
        return GraphQLString
    }

    /// An object schema's properties and the names it requires.
    static func shape(of schema: JSON) -> (properties: [String: JSON], required: Set<String>) {
        var properties: [String: JSON] = [:]
        if case .object(let members)? = schema["properties"] { properties = members }
        var required: Set<String> = []
        if case .array(let names)? = schema["required"] {
            for case .string(let name) in names { required.insert(name) }
        }
        return (properties, required)
    }

    /// Whether a JSON Schema admits null.
    static func isNullable(_ schema: JSON) -> Bool {
        if case .array(let types)? = schema["type"] { return types.contains(.string("null")) }
        return schema["anyOf"] != nil
    }

    /// A Quarry error as the GraphQL error a client sees: a
    /// `ClientFacingError`'s public message and code (`extensions.code`, with
    /// `fields` for validation), `bad_input`/`bad_argument` for input that
    /// does not decode, and `internal_error` — without internals — for the rest.
    static func graphQLError(_ error: any Error) -> any Error {
        switch error {
        case let error as GraphQLError: return error
        case is DecodingError:
            return GraphQLError(message: "the input does not match its type", extensions: ["code": "bad_input"])
        case let error as PaginationError:
            return GraphQLError(message: "\(error)", extensions: ["code": "bad_argument"])
        case let error as any ClientFacingError where (400...599).contains(error.httpStatus) && error.httpStatus != 500:
            var extensions: [String: Map] = ["code": .string(error.errorCode)]
            if !error.fieldFailures.isEmpty {
                extensions["fields"] = .array(error.fieldFailures.map {
                    .dictionary(["field": .string($0.field), "message": .string($0.message)])
                })
            }
            return GraphQLError(message: error.publicMessage, extensions: extensions)
        default:
            return GraphQLError(message: "internal error", extensions: ["code": "internal_error"])
        }
    }
}

/// What resolvers receive as context: the request's database.
struct GraphQLContext: Sendable {
    let database: Database
}

/// The object types by name, filled before any field thunk runs.
final class TypeTable: @unchecked Sendable {
    // @unchecked Sendable: filled once while the schema is built, then read.
    var objects: [String: GraphQLObjectType] = [:]

    func object(_ name: String) throws -> GraphQLObjectType {
        guard let object = objects[name] else {
            throw GraphQLError(message: "\(name) is used by a relation but not registered with GraphQLAPI.model")
        }
        return object
    }
}
