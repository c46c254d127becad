import HTTPTypes
import Hummingbird
import Quarry

extension CRUDRouter {
    /// Adds the five routes to `router` and describes them in `document`:
    /// the model's `Create`, `Update` and `Response` DTOs as component
    /// schemas, the listing's filters (every lookup), ordering and cursor
    /// parameters, and every error response with its JSON body.
    ///
    /// ```swift
    /// try CRUDRouter(Author.self, cursorSecret: secret).filterable("karma", \.karma)
    ///     .register(on: router, documentedIn: api)
    /// ```
    public func register<Router: RouterMethods>(on router: Router, documentedIn document: OpenAPIDocument)
    where Router.Context == Context {
        register(on: router)
        self.document(in: document)
    }

    /// Describes the five routes in `document` (without registering them).
    public func document(in document: OpenAPIDocument) {
        let model = String(describing: M.self)
        // The DTOs' rules come from the macro's metadata, not from probing them.
        let create = document.addSchema("\(model)Create", JSONSchema.infer(M.Create.self).applying(M.Create.fieldRules))
        let update = document.addSchema("\(model)Update", JSONSchema.infer(M.Update.self).applying(M.Update.fieldRules))
        var responseSchema = JSONSchema.infer(M.Response.self)
        if case .object(var object) = responseSchema.json, case .object(var properties)? = object["properties"] {
            // Relations appear only when asked for (`?include=`): optional properties.
            for name in inclusions.keys.sorted() { properties[name] = inclusions[name]!.document(document).json }
            object["properties"] = .object(properties)
            responseSchema = JSONSchema(.object(object))
        }
        let response = document.addSchema("\(model)Response", responseSchema)
        let page = document.addSchema("\(model)Page", .object([
            ("items", .array(of: response)), ("nextCursor", JSONSchema.of(String.self).nullable),
            ("previousCursor", JSONSchema.of(String.self).nullable),
        ], required: ["items"]))
        let error = document.addSchema("Error", inferredFrom: ErrorBody.self)
        document.addTag(path, description: "\(model) resources")

        func failure(_ description: String) -> OpenAPIDocument.Response {
            .init(description: description, schema: error)
        }
        let common: [String: OpenAPIDocument.Response] = [
            "400": failure("A malformed request (a key that is not one, a bad parameter or body)"),
            "429": failure("Too many requests (Retry-After says when to retry)"),
            "500": failure("Internal error (no details in the body)"),
            "503": failure("The database is unavailable (Retry-After says when to retry)"),
        ]
        let id = OpenAPIDocument.Parameter.path("id", JSONSchema.of(M.Key.self), description: "The \(model)'s key")
        let include: [OpenAPIDocument.Parameter] = inclusions.isEmpty ? [] : [
            .query("include", .of(String.self),
                   description: "Comma-separated relations to include: \(inclusions.keys.sorted().joined(separator: ", "))")
        ]
        let collection = "/" + path
        let item = collection + "/{id}"

        document.addOperation(
            .get, path: collection, operationID: "list_\(path)", summary: "List \(path), one cursor page at a time",
            parameters: listParameters() + include,
            responses: common.merging([
                "200": .init(description: "One page", schema: page), "400": failure("A bad filter, ordering or cursor"),
            ]) { $1 }, tags: [path])
        document.addOperation(
            .post, path: collection, operationID: "create_\(path)", summary: "Create a \(model)", requestBody: create,
            responses: common.merging([
                "201": .init(description: "Created", schema: response), "400": failure("The body is not JSON"),
                "413": failure("The body is over the size limit"),
                "409": failure("A unique or foreign key conflict"), "422": failure("Validation failed: every field's message"),
            ]) { $1 }, tags: [path])
        document.addOperation(
            .get, path: item, operationID: "get_\(path)", summary: "Get one \(model)", parameters: [id] + include,
            responses: common.merging([
                "200": .init(description: "The \(model)", schema: response), "404": failure("No such \(model)"),
            ]) { $1 }, tags: [path])
        document.addOperation(
            .patch, path: item, operationID: "update_\(path)",
            summary: "Update a \(model): absent fields stay, null clears an optional field", parameters: [id],
            requestBody: update,
            responses: common.merging([
                "200": .init(description: "The updated \(model)", schema: response), "404": failure("No such \(model)"),
                "413": failure("The body is over the size limit"),
                "409": failure("A conflict or a stale version"), "422": failure("Validation failed: every field's message"),
            ]) { $1 }, tags: [path])
        document.addOperation(
            .delete, path: item, operationID: "delete_\(path)", summary: "Delete a \(model)", parameters: [id],
            responses: common.merging([
                "204": .init(description: "Deleted"), "404": failure("No such \(model)"),
                "409": failure("Other rows still refer to it"),
            ]) { $1 }, tags: [path])
    }

    private func listParameters() -> [OpenAPIDocument.Parameter] {
        var parameters: [OpenAPIDocument.Parameter] = [
            .query("limit", JSONSchema(["type": "integer", "minimum": 1, "maximum": .int(Int64(maxPageSize))]),
                   description: "Items per page (default \(defaultPageSize))"),
            .query("after", .of(String.self), description: "The nextCursor of the previous page"),
            .query("before", .of(String.self), description: "The previousCursor of the next page"),
        ]
        if !orders.isEmpty {
            let names = orders.keys.sorted().flatMap { [JSON.string($0), .string("-" + $0)] }
            parameters.append(.query("order", JSONSchema(["type": "string", "enum": .array(names)]),
                                     description: "Order by a field; a leading - sorts descending"))
        }
        for name in filters.keys.sorted() {
            let filter = filters[name]!
            parameters.append(.query(name, filter.schema, description: "\(name) equals"))
            let lookups = ColumnLookup.allCases.filter { $0 != .exact && (!$0.isTextMatch || filter.isText) }
            for lookup in lookups {
                let schema = lookup.takesList ? JSONSchema.of(String.self) : filter.schema
                let meaning = lookup.takesList ? "comma-separated values" : "a value"
                parameters.append(.query("\(name)__\(lookup.rawValue)", schema, description: "\(name) \(lookup.rawValue) \(meaning)"))
            }
            if filter.isOptional {
                parameters.append(.query("\(name)__isnull", .of(Bool.self), description: "\(name) is (true) or is not (false) null"))
            }
        }
        return parameters
    }
}
