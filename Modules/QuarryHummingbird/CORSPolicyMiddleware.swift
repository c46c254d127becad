import HTTPTypes
import Hummingbird

/// Cross-origin access for browsers, from a list of origins (Hummingbird's
/// own `CORSMiddleware` takes them only as literal arguments, not from
/// configuration): preflight requests are answered here — 204 with the
/// allowed methods and headers, or 403 for an origin or method that is
/// not allowed; with ``Hummingbird/Router/addMethodNotAllowedResponders()``
/// only the methods the path has are offered — and other requests from an
/// allowed origin get `Access-Control-Allow-Origin`, `-Allow-Credentials` and
/// `-Expose-Headers`. Add it first, so error responses carry the headers too.
///
/// ```swift
/// router.add(middleware: CORSPolicyMiddleware(origins: ["https://app.example.com"], allowCredentials: true))
/// router.add(middleware: QuarryErrorMiddleware())
/// ```
public struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Exact origins allowed (`scheme://host[:port]`); empty allows any origin.
    public let origins: Set<String>
    /// Methods a browser may use.
    public let methods: [HTTPRequest.Method]
    /// Request headers a browser may send.
    public let headers: [HTTPField.Name]
    /// Response headers a browser script may read.
    public let exposedHeaders: [String]
    /// Whether cookies and `Authorization` may be sent.
    public let allowCredentials: Bool
    /// How long a browser may cache a preflight answer.
    public let maxAge: Duration

    /// - Parameters:
    ///   - origins: the origins allowed; `[]` allows every origin (answered
    ///     with `*`, so never with credentials).
    ///   - methods: the methods of ``CRUDRouter`` by default.
    ///   - headers: the request headers Quarry reads by default
    ///     (`Authorization`, `Content-Type`, `X-Request-ID`, `X-API-Key`).
    ///   - exposedHeaders: by default `X-Request-ID`, `RateLimit-*`,
    ///     `Retry-After` and `Server-Timing`.
    ///   - allowCredentials: whether cookies and `Authorization` may be sent
    ///     (never with every origin allowed).
    ///   - maxAge: how long a browser may cache a preflight answer.
    public init(
        origins: [String],
        methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head],
        headers: [HTTPField.Name] = [.accept, .authorization, .contentType, HTTPField.Name("X-Request-ID")!, HTTPField.Name("X-API-Key")!],
        exposedHeaders: [String] = [
            "X-Request-ID", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Retry-After",
            "Server-Timing",
        ],
        allowCredentials: Bool = false, maxAge: Duration = .seconds(600)
    ) {
        self.origins = Set(origins)
        self.methods = methods
        self.headers = headers
        self.exposedHeaders = exposedHeaders
        self.allowCredentials = allowCredentials && !origins.isEmpty
        self.maxAge = maxAge
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = origins.isEmpty || origins.contains(origin)
        if request.method == .options, let wanted = request.headers[.accessControlRequestMethod] {
            guard allowed else { return Response(status: .forbidden, headers: [.vary: "Origin"]) }
            let offered = await methodsOffered(for: request, context: context, next: next)
            guard offered.contains(where: { $0.rawValue == wanted }) else {
                return Response(status: .forbidden, headers: [.vary: "Origin"])
            }
            var fields = commonFields(origin: origin)
            fields[.accessControlAllowMethods] = offered.map(\.rawValue).joined(separator: ", ")
            fields[.accessControlAllowHeaders] = headers.map(\.canonicalName).joined(separator: ", ")
            fields[.accessControlMaxAge] = String(maxAge.components.seconds)
            return Response(status: .noContent, headers: fields)
        }
        var response = try await next(request, context)
        guard allowed else { return response }
        for field in commonFields(origin: origin) { response.headers[field.name] = field.value }
        if !exposedHeaders.isEmpty {
            response.headers[.accessControlExposeHeaders] = exposedHeaders.joined(separator: ", ")
        }
        return response
    }

    /// The configured methods the path has: those in the `Allow` header of
    /// its `OPTIONS` answer (``Hummingbird/Router/addMethodNotAllowedResponders()``
    /// gives every routed path one), else all configured methods.
    private func methodsOffered(
        for request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async -> [HTTPRequest.Method] {
        guard let answer = try? await next(request, context), answer.status.kind == .successful,
            let allow = answer.headers[.allow]
        else { return methods }
        let existing = Set(allow.split(separator: ",").map { String($0.filter { $0 != " " }) })
        return methods.filter { existing.contains($0.rawValue) }
    }

    private func commonFields(origin: String) -> HTTPFields {
        var fields: HTTPFields = [.accessControlAllowOrigin: origins.isEmpty ? "*" : origin]
        if !origins.isEmpty { fields[.vary] = "Origin" }
        if allowCredentials { fields[.accessControlAllowCredentials] = "true" }
        return fields
    }
}
