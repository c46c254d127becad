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
    /// request's database (`DatabaseMiddleware`), `GET` shows the GraphiQL
    /// page (loaded from a CDN).
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
        let page = Self.graphiQLPage(endpoint: path)
        get(RouterPath(path)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        return self
    }

    static func graphiQLPage(endpoint: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>GraphiQL</title>
          <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/graphiql@3/graphiql.min.css">
          <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL… (queries go to POST \(endpoint))</div>
          <script crossorigin src="https://cdn.jsdelivr.net/npm/react@18/umd/react.production.min.js"></script>
          <script crossorigin src="https://cdn.jsdelivr.net/npm/react-dom@18/umd/react-dom.production.min.js"></script>
          <script crossorigin src="https://cdn.jsdelivr.net/npm/graphiql@3/graphiql.min.js"></script>
          <script>
            const fetcher = GraphiQL.createFetcher({ url: '\(endpoint)' });
            ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher }));
          </script>
        </body>
        </html>
        """
    }
}
