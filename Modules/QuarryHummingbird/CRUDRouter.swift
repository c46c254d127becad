import Foundation
import HTTPTypes
import Hummingbird
import Quarry
import QuarryPagination

/// The five routes of a model's REST resource, from its DTOs:
///
/// | route | does |
/// | --- | --- |
/// | `GET /path` | list: `?field=value` and `?field__gte=value` (Django lookups) on declared fields, `?order=field` / `-field`, cursor pages (`?limit=`, `?after=`, `?before=`), `?include=` declared relations |
/// | `GET /path/:id` | one `Response` (`?include=` relations too), or 404 |
/// | `POST /path` | a `Create` body, validated (422 with every field), 201 |
/// | `PATCH /path/:id` | an `Update` body (absent fields untouched, `null` clears) |
/// | `DELETE /path/:id` | 204 |
///
/// Errors reach the client through ``QuarryErrorMiddleware``'s JSON bodies.
///
/// ```swift
/// let router = Router(context: QuarryBasicRequestContext.self)
/// router.add(middleware: QuarryErrorMiddleware())
/// router.add(middleware: DatabaseMiddleware(database: db))
/// try CRUDRouter(Author.self, path: "authors", cursorSecret: secret)
///     .filterable("name", \.name).filterable("karma", \.karma)
///     .orderable("name", \.name).orderable("karma", \.karma)
///     .register(on: router)
/// ```
public struct CRUDRouter<M: ModelDTOs & ColumnSet, Context: QuarryRequestContext>: Sendable
where M.Key: LosslessStringConvertible, M.Response: Sendable {
    /// The resource's path (`authors`).
    public let path: String
    private let signer: CursorSigner
    let defaultPageSize: Int
    let maxPageSize: Int
    let limits: RequestLimits
    var filters: [String: FieldFilter<M>] = [:]
    var orders: [String: @Sendable (Query<M>, Bool) throws -> Query<M>] = [:]
    var inclusions: [String: Inclusion<M>] = [:]

    /// Routes for `model` under `path` (the table's name by default).
    ///
    /// - Parameters:
    ///   - model: the model the routes read and write.
    ///   - path: the path segment (the table's name by default).
    ///   - cursorSecret: signs the listing's cursors (at least 32 bytes), so
    ///     clients cannot forge them.
    ///   - defaultPageSize: items per page without `?limit=`.
    ///   - maxPageSize: the largest `?limit=` accepted.
    ///   - limits: how many filters, list values and inclusions one request
    ///     may ask for (``RequestLimits``).
    ///   - context: the router's request context type (inferred).
    public init(
        _ model: M.Type, path: String? = nil, cursorSecret: [UInt8], defaultPageSize: Int = 20, maxPageSize: Int = 100,
        limits: RequestLimits = RequestLimits(), context: Context.Type = Context.self
    ) throws {
        self.path = path ?? M.schema.name
        signer = try CursorSigner(secret: cursorSecret)
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.limits = limits
    }

    /// Lets `?name=value` filter the listing on `keyPath`'s column, with
    /// Django's lookups after a double underscore: `name__ne`, `__lt`,
    /// `__lte`, `__gt`, `__gte`, `__in` and `__not_in` (comma-separated),
    /// `__isnull` (`true`/`false`), and for text `__contains`,
    /// `__icontains`, `__startswith`, `__endswith`. A value that does not
    /// parse as `Value` is a 400 naming the parameter.
    ///
    /// ```swift
    /// router.filterable("karma", \.karma)     // ?karma__gte=10&karma__lt=100
    /// ```
    public func filterable<Value: SQLValueConvertible & LosslessStringConvertible & Sendable>(
        _ name: String, _ keyPath: any KeyPath<M, Value> & Sendable
    ) -> Self {
        var copy = self
        copy.filters[name] = FieldFilter(schema: JSONSchema.of(Value.self), isText: Value.self == String.self, isOptional: false) { query, lookup, texts, parameter in
            try query.filter(keyPath, lookup, texts.map { try Self.parse($0, as: Value.self, parameter: parameter) })
        } applyNull: { query, isNull in
            try query.filter(keyPath, isNull: isNull)
        }
        return copy
    }

    /// `filterable(_:_:)` for an optional column
    /// (`?bio__isnull=true` included).
    public func filterable<Wrapped: SQLValueConvertible & LosslessStringConvertible & Sendable>(
        _ name: String, _ keyPath: any KeyPath<M, Wrapped?> & Sendable
    ) -> Self where Wrapped?: SQLValueConvertible {
        var copy = self
        copy.filters[name] = FieldFilter(schema: JSONSchema.of(Wrapped.self), isText: Wrapped.self == String.self, isOptional: true) { query, lookup, texts, parameter in
            try query.filter(keyPath, lookup, texts.map { Optional(try Self.parse($0, as: Wrapped.self, parameter: parameter)) })
        } applyNull: { query, isNull in
            try query.filter(keyPath, isNull: isNull)
        }
        return copy
    }

    private static func parse<Value: LosslessStringConvertible>(_ text: String, as type: Value.Type, parameter: String) throws -> Value {
        guard let value = Value(text) else {
            throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(parameter): '\(text)' is not a valid \(Value.self)")
        }
        return value
    }

    /// Lets `?include=name` add a to-many relation to the listing's and
    /// the item's responses, as the related rows' Response DTOs, loaded
    /// with one more statement for the whole page (never one per row).
    ///
    /// ```swift
    /// router.includable("posts", \.posts)     // GET /authors?include=posts,bio
    /// ```
    public func includable<Child: ModelDTOs & ColumnSet>(
        _ name: String, _ relation: any WritableKeyPath<M, [Child]?> & Sendable
    ) -> Self where Child.Response: Sendable {
        var copy = self
        copy.inclusions[name] = Inclusion(
            prefetch: { $0.prefetch(relation) },
            value: { row in try (row[keyPath: relation] ?? []).map { try $0.response() } },
            document: { document in .array(of: document.addSchema("\(Child.self)Response", inferredFrom: Child.Response.self)) })
        return copy
    }

    /// `includable(_:_:)` for a to-one
    /// relation (`@BelongsTo`, `@HasOne`): the related row's Response, or `null`.
    public func includable<Child: ModelDTOs & ColumnSet>(
        _ name: String, _ relation: any WritableKeyPath<M, Child?> & Sendable
    ) -> Self where Child.Response: Sendable {
        var copy = self
        copy.inclusions[name] = Inclusion(
            prefetch: { $0.prefetch(relation) },
            value: { row in try row[keyPath: relation].map { try $0.response() } },
            document: { document in document.addSchema("\(Child.self)Response", inferredFrom: Child.Response.self).nullable })
        return copy
    }

    /// Lets `?order=name` (ascending) or `?order=-name` (descending) order
    /// the listing by `keyPath`'s column; the primary key breaks ties.
    public func orderable<Value>(_ name: String, _ keyPath: any KeyPath<M, Value> & Sendable) -> Self {
        var copy = self
        copy.orders[name] = { query, descending in try query.order(by: keyPath, descending: descending) }
        return copy
    }

    /// Adds the five routes to `router`. Call
    /// ``Hummingbird/Router/addMethodNotAllowedResponders()`` once every route
    /// is added, so other methods on these paths get a 405 with `Allow`.
    public func register<Router: RouterMethods>(on router: Router) where Router.Context == Context {
        let resource = router.group(RouterPath(path))
        resource.get { request, context in try await list(request, context) }
        resource.get(":id") { request, context in try await item(request, context) }
        resource.post { request, context -> EditedResponse<JSONResponse<M.Response>> in
            let create = try await request.decode(as: M.Create.self, context: context)
            let created = try await M.create(on: context.database, create)
            return EditedResponse(status: .created, response: JSONResponse(try created.response()))
        }
        resource.patch(":id") { request, context in
            let update = try await request.decode(as: M.Update.self, context: context)
            let database = try context.database
            let key = try key(context)
            // One transaction, so what the model's hooks write commits with the
            // row or not at all. The load is the event's `before` (no second
            // read), and only changed columns are written.
            let updated = try await database.transaction { tx in
                try await M.get(on: tx, id: key).save(on: tx, update)
            }
            return JSONResponse(try updated.response())
        }
        resource.delete(":id") { _, context -> HTTPResponse.Status in
            try await find(context).delete(on: context.database)
            return .noContent
        }
    }

    private func applyFilter(_ parameter: String, _ value: String, to query: Query<M>) throws -> Query<M> {
        let parts = parameter.components(separatedBy: "__")
        guard parts.count <= 2, let filter = filters[parts[0]] else {
            throw QuarryHTTPError(
                status: .badRequest, code: "bad_request",
                message: "\(parameter) is not a filter of \(path); filters: \(filters.keys.sorted().joined(separator: ", "))")
        }
        // No database stores a NUL in text, so no filter can mean one: refused before any SQL.
        guard !value.utf8.contains(0) else {
            throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(parameter): a value cannot contain a NUL character")
        }
        guard parts.count == 2 else { return try filter.apply(query, .exact, [value], parameter) }
        if parts[1] == "isnull" {
            guard let isNull = Bool(value) else {
                throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(parameter): '\(value)' is not true or false")
            }
            return try filter.applyNull(query, isNull)
        }
        guard let lookup = ColumnLookup(rawValue: parts[1]) else {
            let known = ColumnLookup.allCases.map(\.rawValue) + ["isnull"]
            throw QuarryHTTPError(
                status: .badRequest, code: "bad_request",
                message: "\(parameter): \(parts[1]) is not a lookup; lookups: \(known.joined(separator: ", "))")
        }
        guard !lookup.isTextMatch || filter.isText else {
            throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(parameter): \(parts[0]) is not text")
        }
        let values = lookup.takesList ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
        guard values.count <= limits.maxListValues else {
            throw RequestLimits.exceeded("\(parameter) values", count: values.count, limit: limits.maxListValues, setting: "maxListValues")
        }
        return try filter.apply(query, lookup, values, parameter)
    }

    private func key(_ context: Context) throws -> M.Key {
        let text = try context.parameters.require("id")
        guard let key = M.Key(text) else {
            throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "id: '\(text)' is not a valid key")
        }
        return key
    }

    private func find(_ context: Context) async throws -> M {
        try await M.get(on: context.database, id: key(context))
    }

    /// The inclusions `?include=a,b` asks for, in that order, each once.
    private func requestedInclusions(_ request: Request) throws -> [(name: String, inclusion: Inclusion<M>)] {
        guard let list = request.uri.queryParameters["include"], !list.isEmpty else { return [] }
        var seen: Set<Substring> = []
        let names = list.split(separator: ",").filter { seen.insert($0).inserted }
        guard names.count <= limits.maxIncludes else {
            throw RequestLimits.exceeded("include", count: names.count, limit: limits.maxIncludes, setting: "maxIncludes")
        }
        return try names.map { part in
            let name = String(part)
            guard let inclusion = inclusions[name] else {
                throw QuarryHTTPError(
                    status: .badRequest, code: "bad_request",
                    message: "include: \(name) is not includable; includable: \(inclusions.keys.sorted().joined(separator: ", "))")
            }
            return (name, inclusion)
        }
    }

    private func response(
        _ row: M, _ inclusions: [(name: String, inclusion: Inclusion<M>)]
    ) throws -> IncludedResponse<M.Response> {
        IncludedResponse(base: try row.response(), included: try inclusions.map { ($0.name, try $0.inclusion.value(row)) })
    }

    private func item(_ request: Request, _ context: Context) async throws -> JSONResponse<IncludedResponse<M.Response>> {
        let inclusions = try requestedInclusions(request)
        let key = try key(context)
        guard !inclusions.isEmpty else { return JSONResponse(try response(try await M.get(on: context.database, id: key), [])) }
        var query = M.query.filter { _ in M.keyCondition(key) }
        for (_, inclusion) in inclusions { query = inclusion.prefetch(query) }
        guard let row = try await query.first(on: context.database) else {
            throw QuarryError.notFound(table: M.schema.name, key: M.keyDescription(key))
        }
        return JSONResponse(try response(row, inclusions))
    }

    private func list(_ request: Request, _ context: Context) async throws -> ListPage<IncludedResponse<M.Response>> {
        var query = M.query
        let reserved: Set<String> = ["order", "limit", "after", "before", "include"]
        let filters = request.uri.queryParameters.filter { !reserved.contains(String($0.key)) }
        guard filters.count <= limits.maxFilters else {
            throw RequestLimits.exceeded("filters", count: filters.count, limit: limits.maxFilters, setting: "maxFilters")
        }
        for (parameter, value) in filters {
            query = try applyFilter(String(parameter), String(value), to: query)
        }
        if let order = request.uri.queryParameters["order"].map(String.init) {
            let descending = order.hasPrefix("-")
            let name = descending ? String(order.dropFirst()) : order
            guard let apply = orders[name] else {
                throw QuarryHTTPError(
                    status: .badRequest, code: "bad_request",
                    message: "order: \(name) is not orderable; orderable: \(orders.keys.sorted().joined(separator: ", "))")
            }
            query = try apply(query, descending)
        }
        let inclusions = try requestedInclusions(request)
        for (_, inclusion) in inclusions { query = inclusion.prefetch(query) }
        var size: Int?
        if let limit = request.uri.queryParameters["limit"] {
            guard let parsed = Int(String(limit)) else {
                throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "limit: '\(limit)' is not a number")
            }
            size = parsed
        }
        if request.uri.queryParameters["after"] != nil && request.uri.queryParameters["before"] != nil {
            throw QuarryHTTPError(status: .badRequest, code: "bad_request", message: "after and before: give one cursor, not both")
        }
        let paginator = try CursorPaginator(query, signer: signer, defaultPageSize: defaultPageSize, maxPageSize: maxPageSize)
        let database = try context.database
        let page: Page<M> =
            if let after = request.uri.queryParameters["after"] {
                try await paginator.page(on: database, size: size, after: String(after))
            } else if let before = request.uri.queryParameters["before"] {
                try await paginator.page(on: database, size: size, before: String(before))
            } else {
                try await paginator.page(on: database, size: size)
            }
        return ListPage(
            items: try page.items.map { try response($0, inclusions) }, nextCursor: page.nextCursor,
            previousCursor: page.previousCursor)
    }
}
