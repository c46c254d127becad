import Foundation
import HTTPTypes
import Hummingbird

extension Router {
    /// Serves `document` at `path` (`/openapi.json`) and an interactive
    /// docs page at `docsPath` (`/docs`, Swagger UI loaded from a CDN, as
    /// FastAPI does; with no network it still links the raw document).
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
        let page = Self.docsPage(title: document.title, specURL: path)
        get(RouterPath(docsPath)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }

    static func docsPage(title: String, specURL: String) -> String {
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>\(escapedTitle) — API docs</title>
              <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
            </head>
            <body>
              <noscript>The raw document is at <a href="\(specURL)">\(specURL)</a>.</noscript>
              <p id="fallback">Loading the docs viewer… The raw OpenAPI document is at <a href="\(specURL)">\(specURL)</a>.</p>
              <div id="swagger-ui"></div>
              <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
              <script>
                if (window.SwaggerUIBundle) {
                  document.getElementById('fallback').remove();
                  SwaggerUIBundle({ url: '\(specURL)', dom_id: '#swagger-ui' });
                }
              </script>
            </body>
            </html>
            """
    }
}
