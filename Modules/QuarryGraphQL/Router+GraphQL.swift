import Foundation
import GraphQL
import HTTPTypes
import Hummingbird
import QuarryHummingbird

/// A GraphQL request body: `{"query": "…", "variables": {…}, "operationName": "…"}`.
struct GraphQLRequestBody: Decodable, Sendable {
    var query: String
    var variables: [String: Map]?
    var operationName: String?
}

extension RouterMethods where Context: QuarryRequestContext {
    /// Serves `api` at `path`: `POST` runs a query or mutation on the
    /// request's database (`DatabaseMiddleware`), `GET` shows an explorer
    /// page of our own (`GraphQLExplorerPage`): the schema in SDL and a
    /// form that posts queries — nothing loaded from a CDN, so it works
    /// offline.
    ///
    /// ```swift
    /// router.add(middleware: DatabaseMiddleware(database: db))
    /// router.addGraphQLRoutes(api)
    /// ```
    @discardableResult
    public func addGraphQLRoutes(_ api: GraphQLAPI, path: String = "/graphql") -> Self {
        post(RouterPath(path)) { request, context -> Response in
            let body = try await request.decode(as: GraphQLRequestBody.self, context: context)
            let result = try await api.execute(
                body.query, variables: body.variables ?? [:], operationName: body.operationName, on: context.database)
            let data = try GraphQLJSONEncoder().encode(result)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        get(RouterPath(path)) { _, _ -> Response in
            let page = GraphQLExplorerPage.render(schema: printSchema(schema: try api.schema()), endpoint: path)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        return self
    }
}
