import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryRateLimit
import QuarryResilience
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird through a real socket")
struct LiveHTTPTests {
    @Test("CRUD, request ids, CORS and a rate limit keyed by the client's address, over TCP", arguments: TestDatabase.all)
    func live(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), liveScenario)
    }

    @Test("25 · hostile requests over TCP: every one a documented 4xx, the server still answering", arguments: TestDatabase.all)
    func hostile(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), hostileScenario)
    }
}

private func errorCode(_ response: TestResponse) -> String? {
    ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any])
        .flatMap { $0["error"] as? [String: Any] }?["code"] as? String
}

private func hostileScenario(_ db: Database) async throws {
    try await db.createTables(StampedNote.self)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: CORSPolicyMiddleware(origins: ["https://app.example.com"]))
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    try CRUDRouter(StampedNote.self, path: "notes", cursorSecret: Array(repeating: 3, count: 32), context: QuarryBasicRequestContext.self)
        .filterable("text", \.text).register(on: router)
    router.addDatabaseHealthRoutes(HealthCheck(databases: ["main": db]))
    router.addMethodNotAllowedResponders()
    let json: HTTPFields = [.contentType: "application/json"]

    try await Application(router: router).test(.live) { client in
        // 7: a forged server stamp is ignored; the database stamps the row.
        let created = try await client.execute(
            uri: "/notes", method: .post, headers: json,
            body: ByteBuffer(string: #"{"text": "hi", "createdAt": "1999-01-01T00:00:00Z"}"#))
        #expect(created.status == .created)
        #expect(!String(buffer: created.body).contains("1999"), "\(String(buffer: created.body))")
        // 1: a thousand filters are a 400 naming the limit.
        let many = try await client.execute(
            uri: "/notes?" + Array(repeating: "text=a", count: 1_001).joined(separator: "&"), method: .get)
        #expect(many.status == .badRequest && String(buffer: many.body).contains("maxFilters"))
        // 3: a body over the limit is a 413 JSON error.
        let huge = try await client.execute(
            uri: "/notes", method: .post, headers: json,
            body: ByteBuffer(string: #"{"text": ""# + String(repeating: "x", count: 3_000_000) + #""}"#))
        #expect(huge.status == .contentTooLarge && errorCode(huge) == "too_large")
        // 4: one include repeated is one include (this resource has none: a 400 naming it, not 500 statements).
        let includes = try await client.execute(
            uri: "/notes?" + Array(repeating: "include=x", count: 500).joined(separator: "&"), method: .get)
        #expect(includes.status == .badRequest)
        // 5: a NUL in a filter.
        let nul = try await client.execute(uri: "/notes?text__icontains=%00", method: .get)
        #expect(nul.status == .badRequest && errorCode(nul) == "bad_request")
        // 6: malformed JSON, a method the path lacks, a preflight, both cursors.
        let malformed = try await client.execute(uri: "/notes", method: .post, headers: json, body: ByteBuffer(string: "{\"text\": "))
        #expect(malformed.status == .badRequest && errorCode(malformed) == "bad_request")
        #expect(!String(buffer: malformed.body).contains("Swift"), "no type names: \(String(buffer: malformed.body))")
        let put = try await client.execute(uri: "/notes", method: .put, headers: json, body: ByteBuffer(string: "{}"))
        #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, POST, OPTIONS")
        let preflight = try await client.execute(
            uri: "/notes", method: .options,
            headers: [.origin: "https://app.example.com", .accessControlRequestMethod: "DELETE"])
        #expect(preflight.status == .forbidden, "DELETE is not a method of /notes")
        let cursors = try await client.execute(uri: "/notes?after=a&before=b", method: .get)
        #expect(cursors.status == .badRequest)
        // 8: diagnostics are not mounted unless asked for.
        #expect(try await client.execute(uri: "/health/db/statistics", method: .get).status == .notFound)
        #expect(try await client.execute(uri: "/health/db", method: .get).status == .ok)
        // Still serving.
        #expect(try await client.execute(uri: "/notes", method: .get).status == .ok)
    }
}

private func liveScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    // A stopped clock: an hour's boundary during the test would reset the allowance.
    let limiter = try RateLimiter(
        name: "live", limit: .fixedWindow(3, per: .seconds(3600)), store: MemoryRateLimitStore(),
        clock: .manual(ManualRateLimitClock(now: 60_000)))
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: CORSPolicyMiddleware(origins: ["https://app.example.com"]))
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: RateLimitMiddleware(limiter, key: .clientAddress))
    router.add(middleware: DatabaseMiddleware(database: db))
    try CRUDRouter(WebMember.self, path: "members", cursorSecret: Array(repeating: 1, count: 32), context: QuarryBasicRequestContext.self)
        .filterable("karma", \.karma).register(on: router)
    router.get("/whoami") { _, context -> String in
        context.remoteAddress?.ipAddress ?? "unknown"
    }

    try await Application(router: router).test(.live) { client in
        let created = try await client.execute(
            uri: "/members", method: .post, headers: [.contentType: "application/json", .init("X-Request-ID")!: "live-1"],
            body: ByteBuffer(string: #"{"email": "ada@example.com", "name": "Ada", "karma": 7}"#))
        #expect(created.status == .created)
        #expect(created.headers[.init("X-Request-ID")!] == "live-1")
        #expect(created.headers[.init("RateLimit-Remaining")!] == "2")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any])?["id"] as? Int)

        let listed = try await client.execute(uri: "/members?karma__gte=5", method: .get, headers: [.origin: "https://app.example.com"])
        #expect(listed.status == .ok)
        #expect(listed.headers[.accessControlAllowOrigin] == "https://app.example.com")
        #expect(String(buffer: listed.body).contains("ada@example.com"))

        let whoami = try await client.execute(uri: "/whoami", method: .get)
        #expect(String(buffer: whoami.body) == "127.0.0.1", "the context carries the peer's address")

        let limited = try await client.execute(uri: "/members/\(id)", method: .get)
        #expect(limited.status == .tooManyRequests, "the fourth request from 127.0.0.1 within the hour")
        #expect(limited.headers[.retryAfter] != nil)
    }
}
