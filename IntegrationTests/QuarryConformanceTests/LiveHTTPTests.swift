import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryRateLimit
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird through a real socket")
struct LiveHTTPTests {
    @Test("CRUD, request ids, CORS and a rate limit keyed by the client's address, over TCP", arguments: TestDatabase.all)
    func live(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), liveScenario)
    }
}

private func liveScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let limiter = try RateLimiter(name: "live", limit: .fixedWindow(3, per: .seconds(3600)), store: MemoryRateLimitStore())
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
