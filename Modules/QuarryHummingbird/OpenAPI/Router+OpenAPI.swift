import Foundation
import HTTPTypes
import Hummingbird

extension Router {
    /// Serves `document` at `path` (`/openapi.json`) and a docs page at
    /// `docsPath` (`/docs`): every operation with its parameters, body and
    /// responses, and every schema with its fields and validation rules,
    /// rendered on the server as plain HTML (`OpenAPIDocsPage`) — it reads
    /// offline and loads nothing from a CDN.
    ///
    /// ```swift
    /// router.addOpenAPIRoutes(api)
    /// ```
    public func addOpenAPIRoutes(_ document: OpenAPIDocument, path: String = "/openapi.json", docsPath: String = "/docs") {
        get(RouterPath(path)) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try document.serialized())))
        }
        // Rendered per request: routes registered later still appear.
        get(RouterPath(docsPath)) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocsPage.render(document.json, specURL: path))))
        }
    }
}
