import HTTPTypes
import Hummingbird

extension Router {
    /// The methods a path can lack and be answered with 405: the standard
    /// ones a client sends to an API, TRACE, and QUERY (the safe method with
    /// a body, an IETF draft clients and fuzzers already send).
    private static var answerableMethods: [HTTPRequest.Method] {
        [.get, .post, .put, .patch, .delete, .trace, HTTPRequest.Method("QUERY")!]
    }

    /// Answers every method a routed path lacks with **405 Method Not
    /// Allowed** and an `Allow` header listing the methods it has (a 404 stays
    /// for paths that do not exist), and `OPTIONS` with 204 and the same
    /// `Allow`. ``CORSPolicyMiddleware`` reads that answer, so a preflight
    /// advertises only the methods the path really has.
    ///
    /// Call it once, after every route is added (it reads `routes`); paths
    /// added later are not covered.
    ///
    /// ```swift
    /// let router = Router(context: QuarryRequestContext.self)
    /// router.add(middleware: CORSPolicyMiddleware(origins: ["https://app.example.com"]))
    /// CRUDRouter<Author, QuarryRequestContext>("/authors").register(on: router)
    /// router.addMethodNotAllowedResponders()    // PUT /authors → 405, Allow: GET, POST, OPTIONS
    /// ```
    public func addMethodNotAllowedResponders() {
        var methodsByPath: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            methodsByPath[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        for (path, existing) in methodsByPath.values {
            let allow = Self.allowHeader(existing + (existing.contains(.options) ? [] : [.options]))
            for method in Self.answerableMethods where !existing.contains(method) {
                on(path, method: method) { request, _ -> Response in
                    throw QuarryHTTPError(
                        status: .methodNotAllowed, code: "method_not_allowed",
                        message: "\(request.method.rawValue) is not allowed here; allowed: \(allow)", headers: [.allow: allow])
                }
            }
            if !existing.contains(.options) {
                on(path, method: .options) { _, _ -> Response in
                    Response(status: .noContent, headers: [.allow: allow])
                }
            }
        }
    }

    /// `GET, POST, OPTIONS`: the standard methods first, in their usual order.
    private static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]
        let known = order.filter(methods.contains)
        let others = Set(methods.map(\.rawValue)).subtracting(order.map(\.rawValue)).sorted()
        return (known.map(\.rawValue) + others).joined(separator: ", ")
    }
}
