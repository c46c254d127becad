import HTTPTypes
import HummingbirdTesting
import QuarryHummingbird
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird: CORS preflight and responses")
struct CORSTests {
    @Test("an allowed origin's preflight gets methods, headers, credentials and max age; others get 403 and no CORS headers")
    func preflight() async throws {
        try await preflightScenario()
    }

    @Test("6 · with the router's method table, a preflight offers only the methods the path has")
    func preflightFromRoutes() async throws {
        try await routedPreflightScenario()
    }

    @Test("responses to an allowed origin (errors included) carry Allow-Origin and the exposed headers; any-origin answers *")
    func responses() async throws {
        try await responseScenario()
    }
}

private let origin = HTTPField.Name("Origin")!
private let requestMethod = HTTPField.Name("Access-Control-Request-Method")!

private func corsRouter(origins: [String], credentials: Bool) -> Router<QuarryBasicRequestContext> {
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: CORSPolicyMiddleware(origins: origins, allowCredentials: credentials, maxAge: .seconds(300)))
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: QuarryErrorMiddleware())
    router.get("/things") { _, _ in "things" }
    router.patch("/things") { _, _ -> String in throw QuarryHTTPError(status: .conflict, code: "conflict", message: "no") }
    return router
}

private func preflightScenario() async throws {
    let app = Application(router: corsRouter(origins: ["https://app.example.com", "http://localhost:5173"], credentials: true))
    try await app.test(.router) { client in
        let allowed = try await client.execute(
            uri: "/things", method: .options, headers: [origin: "http://localhost:5173", requestMethod: "PATCH"])
        #expect(allowed.status == .noContent)
        #expect(allowed.headers[.accessControlAllowOrigin] == "http://localhost:5173")
        #expect(allowed.headers[.accessControlAllowMethods] == "GET, POST, PUT, PATCH, DELETE, HEAD")
        #expect(allowed.headers[.accessControlAllowHeaders]?.lowercased().contains("x-request-id") == true)
        #expect(allowed.headers[.accessControlAllowCredentials] == "true")
        #expect(allowed.headers[.accessControlMaxAge] == "300")
        #expect(allowed.headers[.vary] == "Origin")

        let foreign = try await client.execute(
            uri: "/things", method: .options, headers: [origin: "https://evil.example", requestMethod: "GET"])
        #expect(foreign.status == .forbidden)
        #expect(foreign.headers[.accessControlAllowOrigin] == nil)

        let badMethod = try await client.execute(
            uri: "/things", method: .options, headers: [origin: "https://app.example.com", requestMethod: "TRACE"])
        #expect(badMethod.status == .forbidden)
    }
}

private func routedPreflightScenario() async throws {
    let router = corsRouter(origins: ["https://app.example.com"], credentials: false)
    router.delete("/things/:id") { _, _ in HTTPResponse.Status.noContent }
    router.addMethodNotAllowedResponders()
    try await Application(router: router).test(.router) { client in
        let patch = try await client.execute(
            uri: "/things", method: .options, headers: [origin: "https://app.example.com", requestMethod: "PATCH"])
        #expect(patch.status == .noContent)
        #expect(patch.headers[.accessControlAllowMethods] == "GET, PATCH")
        let item = try await client.execute(
            uri: "/things/4", method: .options, headers: [origin: "https://app.example.com", requestMethod: "DELETE"])
        #expect(item.headers[.accessControlAllowMethods] == "DELETE")
        let absent = try await client.execute(
            uri: "/things", method: .options, headers: [origin: "https://app.example.com", requestMethod: "DELETE"])
        #expect(absent.status == .forbidden, "DELETE exists elsewhere, not on /things")
        let put = try await client.execute(uri: "/things/4", method: .put, headers: [origin: "https://app.example.com"])
        #expect(put.status == .methodNotAllowed && put.headers[.allow] == "DELETE, OPTIONS")
        #expect(put.headers[.accessControlAllowOrigin] == "https://app.example.com", "a 405 carries the CORS headers too")
    }
}

private func responseScenario() async throws {
    let app = Application(router: corsRouter(origins: ["https://app.example.com"], credentials: false))
    try await app.test(.router) { client in
        let ok = try await client.execute(uri: "/things", method: .get, headers: [origin: "https://app.example.com"])
        #expect(ok.status == .ok)
        #expect(ok.headers[.accessControlAllowOrigin] == "https://app.example.com")
        #expect(ok.headers[.accessControlAllowCredentials] == nil)
        #expect(ok.headers[.accessControlExposeHeaders]?.contains("RateLimit-Remaining") == true)
        let failed = try await client.execute(uri: "/things", method: .patch, headers: [origin: "https://app.example.com"])
        #expect(failed.status == .conflict)
        #expect(failed.headers[.accessControlAllowOrigin] == "https://app.example.com")
        let foreign = try await client.execute(uri: "/things", method: .get, headers: [origin: "https://evil.example"])
        #expect(foreign.status == .ok, "the server answers; the browser withholds the body")
        #expect(foreign.headers[.accessControlAllowOrigin] == nil)
        let plain = try await client.execute(uri: "/things", method: .get)
        #expect(plain.headers[.accessControlAllowOrigin] == nil)
    }
    let open = Application(router: corsRouter(origins: [], credentials: true))
    try await open.test(.router) { client in
        let any = try await client.execute(uri: "/things", method: .get, headers: [origin: "https://anyone.example"])
        #expect(any.headers[.accessControlAllowOrigin] == "*")
        #expect(any.headers[.accessControlAllowCredentials] == nil, "credentials are never allowed with *")
    }
}
