import Foundation
import HTTPTypes
import Quarry
import Synchronization

/// An OpenAPI 3.1 document built as routes are registered: ``CRUDRouter``
/// adds its operations and its model's DTO schemas; add your own routes
/// with ``addOperation(_:path:operationID:summary:parameters:requestBody:responses:tags:)``.
/// Serve it with ``Hummingbird/Router/addOpenAPIRoutes(_:path:docsPath:)``.
///
/// ```swift
/// let api = OpenAPIDocument(title: "Blog API", version: "1.0.0")
/// try CRUDRouter(Author.self, cursorSecret: secret).filterable("name", \.name)
///     .register(on: router, documentedIn: api)
/// router.addOpenAPIRoutes(api)          // GET /openapi.json, GET /docs
/// ```
public final class OpenAPIDocument: Sendable {
    private struct Content {
        var paths: [String: [String: JSON]] = [:]
        var schemas: [String: JSON] = [:]
        var tags: [String: String] = [:]
    }

    /// `info.title`.
    public let title: String
    /// `info.version` (your API's version, not OpenAPI's).
    public let version: String
    /// `info.description`.
    public let summary: String?
    private let content = Mutex(Content())

    /// An empty document.
    public init(title: String, version: String, description: String? = nil) {
        self.title = title
        self.version = version
        summary = description
    }

    /// Adds (or replaces) the component schema `name`; returns a reference to it.
    @discardableResult
    public func addSchema(_ name: String, _ schema: JSONSchema) -> JSONSchema {
        content.withLock { $0.schemas[name] = schema.json }
        return .reference(name)
    }

    /// Adds the component schema of a `Decodable` type, inferred by
    /// ``JSONSchema/infer(_:)``; returns a reference to it.
    @discardableResult
    public func addSchema(_ name: String, inferredFrom type: any Decodable.Type) -> JSONSchema {
        addSchema(name, .infer(type))
    }

    /// Adds a tag (a group of operations in the docs page).
    public func addTag(_ name: String, description: String) {
        content.withLock { $0.tags[name] = description }
    }

    /// Adds one operation.
    ///
    /// ```swift
    /// api.addOperation(.get, path: "/health/db", operationID: "health", summary: "Database readiness",
    ///                  responses: ["200": .init(description: "ready"), "503": .init(description: "not ready")])
    /// ```
    ///
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: OpenAPI form, with `{name}` path parameters.
    ///   - operationID: unique among the document's operations.
    ///   - summary: one line for people.
    ///   - parameters: path and query parameters.
    ///   - requestBody: the JSON body's schema, if it takes one.
    ///   - responses: by status code (`"200"`, `"default"`).
    ///   - tags: groups in the docs page.
    public func addOperation(
        _ method: HTTPRequest.Method, path: String, operationID: String, summary: String,
        parameters: [Parameter] = [], requestBody: JSONSchema? = nil, responses: [String: Response], tags: [String] = []
    ) {
        var operation: [String: JSON] = [
            "operationId": .string(operationID), "summary": .string(summary),
            "responses": .object(responses.mapValues(\.json)),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters.map(\.json)) }
        if let requestBody {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": requestBody.json]],
            ]
        }
        if !tags.isEmpty { operation["tags"] = .array(tags.map(JSON.string)) }
        content.withLock { $0.paths[path, default: [:]][method.rawValue.lowercased()] = .object(operation) }
    }

    /// The document as JSON.
    public var json: JSON {
        content.withLock { content in
            var info: [String: JSON] = ["title": .string(title), "version": .string(version)]
            if let summary { info["description"] = .string(summary) }
            var document: [String: JSON] = [
                "openapi": "3.1.0",
                "info": .object(info),
                "paths": .object(content.paths.mapValues(JSON.object)),
                "components": ["schemas": .object(content.schemas)],
            ]
            if !content.tags.isEmpty {
                document["tags"] = .array(content.tags.keys.sorted().map { ["name": .string($0), "description": .string(content.tags[$0]!)] })
            }
            return .object(document)
        }
    }

    /// The document as JSON text with sorted keys (stable between runs).
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json)
    }

    /// An operation's parameter (`in: query` or `in: path`).
    public struct Parameter: Sendable {
        /// The parameter as OpenAPI JSON.
        public var json: JSON

        /// A query parameter.
        public static func query(_ name: String, _ schema: JSONSchema, description: String) -> Parameter {
            Parameter(json: [
                "name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema.json,
            ])
        }

        /// A path parameter (always required).
        public static func path(_ name: String, _ schema: JSONSchema, description: String) -> Parameter {
            Parameter(json: [
                "name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema.json,
            ])
        }
    }

    /// One response of an operation.
    public struct Response: Sendable {
        /// What it means.
        public var description: String
        /// Its JSON body's schema; `nil` for an empty body.
        public var schema: JSONSchema?
        /// Response headers, by name, with their schema.
        public var headers: [String: JSONSchema]

        /// A response.
        public init(description: String, schema: JSONSchema? = nil, headers: [String: JSONSchema] = [:]) {
            self.description = description
            self.schema = schema
            self.headers = headers
        }

        var json: JSON {
            var object: [String: JSON] = ["description": .string(description)]
            if let schema { object["content"] = ["application/json": ["schema": schema.json]] }
            if !headers.isEmpty { object["headers"] = .object(headers.mapValues { ["schema": $0.json] }) }
            return .object(object)
        }
    }
}
