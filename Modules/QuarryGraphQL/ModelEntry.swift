import Foundation
import GraphQL
import OrderedCollections
import Quarry
import QuarryHummingbird
import QuarryPagination

/// A registered model, its type erased for the schema builder.
protocol ModelEntry: Sendable {
    var typeName: String { get }
    func objectType(_ api: GraphQLAPI, _ table: TypeTable) throws -> GraphQLObjectType
    func queryFields(_ api: GraphQLAPI, _ table: TypeTable) throws -> [(String, GraphQLField)]
    func mutationFields(_ api: GraphQLAPI, _ table: TypeTable) throws -> [(String, GraphQLField)]
}

/// An entry that can add its relations' prefetches to a query of its model.
protocol PrefetchingEntry<Model>: ModelEntry {
    associatedtype Model: ColumnSet
    func prefetching(_ query: Query<Model>, _ selection: [Field], _ api: GraphQLAPI, _ fragments: [String: FragmentDefinition]) -> Query<Model>
}

/// One page of a listing as resolvers see it.
struct GraphQLPage: Sendable {
    let items: [GraphQLRow]
    let nextCursor: String?
    let previousCursor: String?
}

struct TypedEntry<M: ModelDTOs & ColumnSet>: PrefetchingEntry where M.Key: LosslessStringConvertible, M.Response: Sendable {
    let model: GraphQLModel<M>
    let single: String
    let plural: String
    let mutations: Bool

    var typeName: String { GraphQLAPI.typeName(of: M.self) }

    func prefetching(_ query: Query<M>, _ selection: [Field], _ api: GraphQLAPI, _ fragments: [String: FragmentDefinition]) -> Query<M> {
        var query = query
        for field in selection {
            guard let relation = model.relations[field.name.value] else { continue }
            query = relation.prefetch(query, selectedFields(field.selectionSet, fragments: fragments), api, fragments)
        }
        return query
    }

    func objectType(_ api: GraphQLAPI, _ table: TypeTable) throws -> GraphQLObjectType {
        let schema = JSONSchema.infer(M.Response.self).json
        let (properties, required) = GraphQLAPI.shape(of: schema)
        let relations = model.relations
        // A single primary key column `id` is GraphQL's `ID` (a string: keys outgrow Int's 32 bits).
        let keyColumns = ((try? M.schema.primaryKeyIndices()) ?? []).map { M.schema.columns[$0].name }
        let idIsKey = keyColumns == ["id"]
        return try GraphQLObjectType(name: typeName) {
            var fields: GraphQLFieldMap = [:]
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                let scalar = name == "id" && idIsKey ? GraphQLID : GraphQLAPI.scalar(property)
                let type: any GraphQLOutputType =
                    required.contains(name) && !GraphQLAPI.isNullable(property) ? GraphQLNonNull(scalar) : scalar
                fields[name] = GraphQLField(type: type) { source, _, _, _ in (source as? GraphQLRow)?.value(of: name) }
            }
            for (name, relation) in relations.sorted(by: { $0.key < $1.key }) {
                let target = try table.object(relation.target)
                let type: any GraphQLOutputType = relation.isList ? GraphQLNonNull(GraphQLList(GraphQLNonNull(target))) : target
                fields[name] = GraphQLField(type: type) { source, _, _, _ in
                    guard let row = source as? GraphQLRow, let parent = row.model as? M else { return nil }
                    return try relation.rows(parent)
                }
            }
            return fields
        }
    }

    func queryFields(_ api: GraphQLAPI, _ table: TypeTable) throws -> [(String, GraphQLField)] {
        let object = try table.object(typeName)
        let page = try GraphQLObjectType(name: "\(typeName)Page", fields: [
            "items": GraphQLField(type: GraphQLNonNull(GraphQLList(GraphQLNonNull(object)))) { source, _, _, _ in
                (source as? GraphQLPage)?.items
            },
            "nextCursor": GraphQLField(type: GraphQLString) { source, _, _, _ in (source as? GraphQLPage)?.nextCursor },
            "previousCursor": GraphQLField(type: GraphQLString) { source, _, _, _ in (source as? GraphQLPage)?.previousCursor },
        ])
        var listArguments: GraphQLArgumentConfigMap = [
            "first": GraphQLArgument(type: GraphQLInt, description: "Items per page"),
            "after": GraphQLArgument(type: GraphQLString, description: "The nextCursor of the previous page"),
        ]
        for (name, filter) in model.filters { listArguments[name] = GraphQLArgument(type: filter.type, description: "\(name) equals") }
        if !model.orders.isEmpty {
            listArguments["orderBy"] = GraphQLArgument(
                type: GraphQLString, description: "One of \(model.orders.keys.sorted().joined(separator: ", ")); a leading - sorts descending")
        }
        let filters = model.filters
        let orders = model.orders
        let getOne = GraphQLField(type: object, args: ["id": GraphQLArgument(type: GraphQLNonNull(GraphQLID))]) { _, args, context, info in
            do {
                let key = try Self.key(args)
                var query = M.query.filter { _ in M.keyCondition(key) }
                query = prefetching(query, selectedFields(info.fieldASTs.first?.selectionSet, fragments: info.fragments), api, info.fragments)
                return try await query.first(on: Self.database(context)).map { try GraphQLAPI.row($0) }
            } catch {
                throw GraphQLAPI.graphQLError(error)
            }
        }
        let list = GraphQLField(type: GraphQLNonNull(page), args: listArguments) { _, args, context, info in
            do {
                var query = M.query
                for (name, filter) in filters where !(args[name].isUndefined || args[name].isNull) {
                    query = try filter.apply(query, args[name])
                }
                if let orderBy = args["orderBy"].string {
                    let descending = orderBy.hasPrefix("-")
                    let name = descending ? String(orderBy.dropFirst()) : orderBy
                    guard let order = orders[name] else {
                        throw GraphQLError(
                            message: "orderBy: \(name) is not orderable; orderable: \(orders.keys.sorted().joined(separator: ", "))",
                            extensions: ["code": "bad_argument"])
                    }
                    query = try order(query, descending)
                }
                let items = selectedFields(info.fieldASTs.first?.selectionSet, fragments: info.fragments).first { $0.name.value == "items" }
                query = prefetching(query, selectedFields(items?.selectionSet, fragments: info.fragments), api, info.fragments)
                let paginator = try CursorPaginator(query, signer: api.signer, defaultPageSize: api.defaultPageSize, maxPageSize: api.maxPageSize)
                let size = args["first"].int
                let database = try Self.database(context)
                let page: Page<M> =
                    if let after = args["after"].string {
                        try await paginator.page(on: database, size: size, after: after)
                    } else {
                        try await paginator.page(on: database, size: size)
                    }
                return GraphQLPage(
                    items: try page.items.map { try GraphQLAPI.row($0) }, nextCursor: page.nextCursor,
                    previousCursor: page.previousCursor)
            } catch {
                throw GraphQLAPI.graphQLError(error)
            }
        }
        return [(single, getOne), (plural, list)]
    }

    func mutationFields(_ api: GraphQLAPI, _ table: TypeTable) throws -> [(String, GraphQLField)] {
        guard mutations else { return [] }
        let object = try table.object(typeName)
        let createInput = try Self.inputType(name: "\(typeName)CreateInput", JSONSchema.infer(M.Create.self).json)
        let updateInput = try Self.inputType(name: "\(typeName)UpdateInput", JSONSchema.infer(M.Update.self).json)
        let id = GraphQLArgument(type: GraphQLNonNull(GraphQLID))
        let create = GraphQLField(type: object, args: ["input": GraphQLArgument(type: GraphQLNonNull(createInput))]) {
            _, args, context, _ in
            do {
                let input = try Self.decode(M.Create.self, args["input"])
                return try GraphQLAPI.row(try await M.create(on: Self.database(context), input))
            } catch {
                throw GraphQLAPI.graphQLError(error)
            }
        }
        let update = GraphQLField(type: object, args: ["id": id, "input": GraphQLArgument(type: GraphQLNonNull(updateInput))]) {
            _, args, context, _ in
            do {
                let key = try Self.key(args)
                let input = try Self.decode(M.Update.self, args["input"])
                let updated = try await Self.database(context).transaction { tx in
                    try await M.get(on: tx, id: key).update(on: tx, input)
                }
                return try GraphQLAPI.row(updated)
            } catch {
                throw GraphQLAPI.graphQLError(error)
            }
        }
        let delete = GraphQLField(type: GraphQLNonNull(GraphQLBoolean), args: ["id": id]) { _, args, context, _ in
            do {
                let database = try Self.database(context)
                try await M.get(on: database, id: Self.key(args)).delete(on: database)
                return true
            } catch {
                throw GraphQLAPI.graphQLError(error)
            }
        }
        return [("create\(typeName)", create), ("update\(typeName)", update), ("delete\(typeName)", delete)]
    }

    // MARK: - Helpers

    private static func database(_ context: any Sendable) throws -> Database {
        guard let context = context as? GraphQLContext else {
            throw GraphQLError(message: "run queries through GraphQLAPI.execute", extensions: ["code": "internal_error"])
        }
        return context.database
    }

    private static func key(_ args: Map) throws -> M.Key {
        let text = args["id"].string ?? args["id"].int.map(String.init) ?? ""
        guard let key = M.Key(text) else {
            throw GraphQLError(message: "id: '\(text)' is not a valid key", extensions: ["code": "bad_argument"])
        }
        return key
    }

    /// Decodes a DTO from an input object (validated as it decodes).
    private static func decode<DTO: Decodable>(_ type: DTO.Type, _ input: Map) throws -> DTO {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: JSONEncoder().encode(JSON(map: input)))
    }

    /// An input object type from a DTO's JSON Schema.
    private static func inputType(name: String, _ schema: JSON) throws -> GraphQLInputObjectType {
        let (properties, required) = GraphQLAPI.shape(of: schema)
        var fields: InputObjectFieldMap = [:]
        for (field, property) in properties.sorted(by: { $0.key < $1.key }) {
            let scalar = GraphQLAPI.scalar(property)
            let type: any GraphQLInputType = required.contains(field) && !GraphQLAPI.isNullable(property) ? GraphQLNonNull(scalar) : scalar
            fields[field] = InputObjectField(type: type)
        }
        return try GraphQLInputObjectType(name: name, fields: fields)
    }
}
