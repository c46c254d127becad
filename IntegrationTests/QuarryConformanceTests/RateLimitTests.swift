import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryRateLimit
import QuarryRedis
import QuarryRedisRateLimit
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// Where a case keeps its counts: this process, or the suite's Redis.
enum RateLimitStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, redis
    var testDescription: String { rawValue }
}

/// A store of `kind` in a namespace of the test's own; `close` frees its connections.
private func makeStore(_ kind: RateLimitStoreKind) throws -> (store: any RateLimitStore, close: @Sendable () async -> Void) {
    switch kind {
    case .memory:
        return (MemoryRateLimitStore(), {})
    case .redis:
        // 60 concurrent requests share 8 connections: under the full parallel
        // suite a wait can exceed the 2 s defaults (seen in CI), and this
        // suite checks exactness, not latency.
        let client = try RedisClient(configuration: RedisConfiguration(
            url: TestRedis.url(), commandTimeout: .seconds(15),
            pool: PoolConfiguration(maxConnections: 8, checkoutTimeout: .seconds(30))))
        let store = ScriptedRateLimitStore(runner: client, namespace: "quarry-test-rl-\(UUID().uuidString.prefix(8))")
        return (store, { await client.close() })
    }
}

/// One request of a boundary script: at `at` ms with `cost`, the decision expected.
private struct Step: Sendable, CustomStringConvertible {
    var at: Int64
    var cost = 1
    var allowed: Bool
    var remaining: Int
    var retry: Int64?
    var description: String { "t=\(at) cost=\(cost)" }
}

private func run(_ steps: [Step], limit: RateLimit, on kind: RateLimitStoreKind) async throws {
    let (store, close) = try makeStore(kind)
    for step in steps {
        let decision = try await store.acquire(key: "client", limit: limit, cost: step.cost, now: step.at)
        #expect(decision.isAllowed == step.allowed, "\(step)")
        #expect(decision.remaining == step.remaining, "\(step)")
        #expect(decision.retryAfterMilliseconds == step.retry, "\(step)")
    }
    await close()
}

@Suite("QuarryRateLimit: exact allowances at each algorithm's boundary, in memory and in Redis; HTTP middleware and headers")
struct RateLimitTests {
    @Test("fixed window: the limit per calendar window, a fresh allowance exactly at the next window",
          arguments: RateLimitStoreKind.allCases)
    func fixedWindow(_ kind: RateLimitStoreKind) async throws {
        try await run([
            Step(at: 10_000, allowed: true, remaining: 2),
            Step(at: 10_500, allowed: true, remaining: 1),
            Step(at: 10_999, allowed: true, remaining: 0),
            Step(at: 10_999, allowed: false, remaining: 0, retry: 1),
            Step(at: 11_000, allowed: true, remaining: 2),
            Step(at: 11_000, cost: 3, allowed: false, remaining: 2, retry: 1_000),
            Step(at: 11_001, cost: 2, allowed: true, remaining: 0),
        ], limit: .fixedWindow(3, per: .seconds(1)), on: kind)
    }

    @Test("sliding window: never more than the limit in any span of the period; a unit leaves exactly one period after it came",
          arguments: RateLimitStoreKind.allCases)
    func slidingWindow(_ kind: RateLimitStoreKind) async throws {
        try await run([
            Step(at: 10_000, allowed: true, remaining: 2),
            Step(at: 10_400, allowed: true, remaining: 1),
            Step(at: 10_800, allowed: true, remaining: 0),
            Step(at: 10_999, allowed: false, remaining: 0, retry: 1),
            Step(at: 11_000, allowed: true, remaining: 0),
            Step(at: 11_399, allowed: false, remaining: 0, retry: 1),
            Step(at: 11_400, cost: 2, allowed: false, remaining: 1, retry: 400),
            Step(at: 11_800, cost: 2, allowed: true, remaining: 0),
            Step(at: 12_000, cost: 4, allowed: false, remaining: 1, retry: 1_000),
        ], limit: .slidingWindow(3, per: .seconds(1)), on: kind)
    }

    @Test("token bucket: a burst of its capacity, then one token per refill interval, exactly on time",
          arguments: RateLimitStoreKind.allCases)
    func tokenBucket(_ kind: RateLimitStoreKind) async throws {
        // 2 tokens per second (one per 500 ms), capacity 4.
        try await run([
            Step(at: 10_000, allowed: true, remaining: 3),
            Step(at: 10_000, cost: 3, allowed: true, remaining: 0),
            Step(at: 10_000, allowed: false, remaining: 0, retry: 500),
            Step(at: 10_499, allowed: false, remaining: 0, retry: 1),
            Step(at: 10_500, allowed: true, remaining: 0),
            Step(at: 11_750, allowed: true, remaining: 1),
            Step(at: 11_750, cost: 3, allowed: false, remaining: 1, retry: 750),
            Step(at: 20_000, cost: 4, allowed: true, remaining: 0),
        ], limit: .tokenBucket(2, per: .seconds(1), burst: 4), on: kind)
    }

    @Test("concurrent requests take exactly the limit, none more (one atomic step per request)",
          arguments: RateLimitStoreKind.allCases)
    func concurrentExactness(_ kind: RateLimitStoreKind) async throws {
        let (store, close) = try makeStore(kind)
        for limit in [RateLimit.fixedWindow(20, per: .seconds(60)), .slidingWindow(20, per: .seconds(60)),
                      .tokenBucket(1, per: .seconds(60), burst: 20)] {
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<60 {
                    group.addTask { try await store.acquire(key: "burst", limit: limit, cost: 1, now: 5_000).isAllowed }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 20, "\(limit.algorithm)")
        }
        await close()
    }

    @Test("the middleware adds RateLimit-* headers, answers 429 with Retry-After and a JSON body, and the route never runs")
    func middleware() async throws {
        try await middlewareScenario()
    }

    @Test("2 · X-Forwarded-For counts only from a trusted proxy: a direct client cannot pick its own key by sending one")
    func trustedProxies() async throws {
        try await trustedProxyScenario()
    }

    @Test("2 · trusted proxies parse addresses and CIDR ranges, IPv4 and IPv6, and refuse anything else by name")
    func trustedProxyRanges() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "192.168.1.7", "fd00::/8"])
        #expect(proxies.contains("10.200.3.4") && proxies.contains("192.168.1.7") && proxies.contains("fd12::1"))
        #expect(!proxies.contains("11.0.0.1") && !proxies.contains("192.168.1.8") && !proxies.contains("fe80::1"))
        #expect(!proxies.contains("not an address") && !TrustedProxies.none.contains("127.0.0.1"))
        for bad in ["10.0.0.0/33", "example.com", "10.0.0/8", "::1/129"] {
            #expect(throws: TrustedProxies.Invalid.self, "\(bad)") { try TrustedProxies([bad]) }
        }
    }

    @Test("tiers give each plan its limit; route limits stack on the global one; a handler's check is a 429 too")
    func tiersAndRoutes() async throws {
        try await tierScenario()
    }

    @Test("two app instances on one Redis share one limit")
    func sharedAcrossInstances() async throws {
        try await sharedScenario()
    }

    @Test("a store that does not answer lets requests through by default, or refuses them with 503 when told to")
    func storeFailure() async throws {
        try await storeFailureScenario()
    }
}

/// Counts the requests that reached a route.
private final class Hits: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

private let apiKey = HTTPField.Name("X-API-Key")!
private let plan = HTTPField.Name("X-Plan")!

private func limitedRouter(_ limiter: RateLimiter, hits: Hits) -> Router<QuarryBasicRequestContext> {
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: RateLimitMiddleware(limiter, key: .header(apiKey).or(.clientAddress)))
    router.get("/ping") { _, _ -> String in
        hits.add()
        return "pong"
    }
    return router
}

private func header(_ response: TestResponse, _ name: String) -> String? {
    response.headers[HTTPField.Name(name)!]
}

private func middlewareScenario() async throws {
    let clock = ManualRateLimitClock(now: 60_000)
    let limiter = try RateLimiter(name: "api", limit: .fixedWindow(2, per: .seconds(60)), store: MemoryRateLimitStore(),
                                  clock: .manual(clock))
    let hits = Hits()
    let app = Application(router: limitedRouter(limiter, hits: hits))
    try await app.test(.router) { client in
        let first = try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k1"])
        #expect(first.status == .ok)
        #expect(header(first, "RateLimit-Limit") == "2")
        #expect(header(first, "RateLimit-Remaining") == "1")
        #expect(header(first, "RateLimit-Reset") == "60")
        #expect(header(first, "RateLimit-Policy") == "2;w=60")
        #expect(header(first, "Retry-After") == nil)
        clock.advance(by: .seconds(30))
        _ = try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k1"])
        clock.advance(by: .milliseconds(500))
        let limited = try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k1", .init("X-Request-ID")!: "req-429"])
        #expect(limited.status == .tooManyRequests)
        #expect(header(limited, "Retry-After") == "30")
        #expect(header(limited, "RateLimit-Remaining") == "0")
        let body = try JSONSerialization.jsonObject(with: Data(limited.body.readableBytesView)) as? [String: Any]
        let error = body?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "rate_limited")
        #expect(error?["status"] as? Int == 429)
        #expect(error?["requestID"] as? String == "req-429")
        // Another key has its own allowance.
        #expect(try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k2"]).status == .ok)
        #expect(try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k3"]).status == .ok)
        clock.advance(by: .milliseconds(29_500))
        #expect(try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "k1"]).status == .ok)
    }
    #expect(hits.value == 5, "the refused request never reached the route")
}

private func trustedProxyScenario() async throws {
    let forwarded = HTTPField.Name("X-Forwarded-For")!
    for (proxies, spoofable) in [(TrustedProxies.none, false), (try TrustedProxies(["127.0.0.1", "::1"]), true)] {
        // A stopped clock: a window boundary between the requests would reset the allowance.
        let clock = ManualRateLimitClock(now: 60_000)
        let limiter = try RateLimiter(
            name: "api", limit: .fixedWindow(1, per: .seconds(60)), store: MemoryRateLimitStore(), clock: .manual(clock))
        let router = Router(context: QuarryBasicRequestContext.self)
        router.add(middleware: QuarryErrorMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter, key: .forwardedFor(trusting: proxies)))
        router.get("/ping") { _, _ in "pong" }
        try await Application(router: router).test(.live) { client in
            let first = try await client.execute(uri: "/ping", method: .get, headers: [forwarded: "203.0.113.1"])
            let second = try await client.execute(uri: "/ping", method: .get, headers: [forwarded: "203.0.113.2"])
            // Through the trusted loopback proxy, the hop it appended is the client; a forged left-most hop is not.
            let forged = try await client.execute(uri: "/ping", method: .get, headers: [forwarded: "198.51.100.9, 203.0.113.1"])
            #expect(first.status == .ok)
            if spoofable {
                #expect(second.status == .ok, "a trusted proxy's forwarded client has its own allowance")
                #expect(forged.status == .tooManyRequests, "the right-most untrusted hop is the client, not the forged one")
            } else {
                #expect(second.status == .tooManyRequests, "an untrusted peer's header is ignored: one allowance for the peer")
                #expect(forged.status == .tooManyRequests)
            }
        }
    }
}

private func tierScenario() async throws {
    let clock = ManualRateLimitClock(now: 0)
    let store = MemoryRateLimitStore()
    let global = try RateLimiter(name: "global", limit: .slidingWindow(3, per: .seconds(10)),
                                 tiers: ["pro": .slidingWindow(10, per: .seconds(10))], store: store, clock: .manual(clock))
    let search = try RateLimiter(name: "search", limit: .tokenBucket(1, per: .seconds(10), burst: 1),
                                 tiers: ["pro": .tokenBucket(1, per: .seconds(10), burst: 5)], store: store, clock: .manual(clock))
    let exports = try RateLimiter(name: "exports", limit: .fixedWindow(1, per: .seconds(3600)), store: store, clock: .manual(clock))
    let tierOf: @Sendable (Request, QuarryBasicRequestContext) async throws -> String? = { request, _ in request.headers[plan] }

    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: RateLimitMiddleware(global, key: .header(apiKey), tier: tierOf))
    router.get("/posts") { _, _ in "posts" }
    router.group("search").add(middleware: RateLimitMiddleware(search, key: .header(apiKey), tier: tierOf))
        .get { _, _ in "results" }
    router.post("/exports") { request, _ -> String in
        // A check in the handler itself: thrown, mapped to 429 by the error middleware.
        try await exports.check(key: request.headers[apiKey] ?? "anonymous")
        return "started"
    }
    let app = Application(router: router)
    try await app.test(.router) { client in
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(Int(try await client.execute(uri: "/posts", method: .get, headers: [apiKey: "free"]).status.code)) }
        #expect(statuses == [200, 200, 200, 429], "the free plan gets 3 per 10 s")
        statuses = []
        for _ in 0..<11 {
            statuses.append(Int(try await client.execute(uri: "/posts", method: .get, headers: [apiKey: "paid", plan: "pro"]).status.code))
        }
        #expect(statuses == Array(repeating: 200, count: 10) + [429], "the pro plan gets 10")

        clock.advance(by: .seconds(10))
        // The search route's own limit applies on top of the global one.
        let first = try await client.execute(uri: "/search", method: .get, headers: [apiKey: "free"])
        let second = try await client.execute(uri: "/search", method: .get, headers: [apiKey: "free"])
        #expect(first.status == .ok)
        #expect(second.status == .tooManyRequests)
        #expect(header(second, "RateLimit-Policy") == "1;w=10")
        #expect(header(second, "Retry-After") == "10")
        var proSearches = 0
        for _ in 0..<5 where try await client.execute(uri: "/search", method: .get, headers: [apiKey: "paid", plan: "pro"]).status == .ok {
            proSearches += 1
        }
        #expect(proSearches == 5)

        let export = try await client.execute(uri: "/exports", method: .post, headers: [apiKey: "exporter"])
        let again = try await client.execute(uri: "/exports", method: .post, headers: [apiKey: "exporter"])
        #expect(export.status == .ok)
        #expect(again.status == .tooManyRequests)
        #expect(header(again, "Retry-After") == "3590", "the calendar hour began 10 s ago")

        let unknown = try await client.execute(uri: "/posts", method: .get, headers: [apiKey: "x", plan: "gold"])
        #expect(unknown.status == .internalServerError, "an unknown tier is the server's mistake, not the client's")
    }
}

private func sharedScenario() async throws {
    let namespace = "quarry-test-rl-\(UUID().uuidString.prefix(8))"
    let clock = ManualRateLimitClock(now: 1_000_000)
    // Two instances: each its own Redis client (its own pool) and limiter, as two processes would.
    let clients = try (0..<2).map { _ in try RedisClient(configuration: RedisConfiguration(url: TestRedis.url())) }
    let hits = Hits()
    let apps = try clients.map { client in
        let limiter = try RateLimiter(name: "api", limit: .slidingWindow(5, per: .seconds(60)),
                                      store: ScriptedRateLimitStore(runner: client, namespace: namespace), clock: .manual(clock))
        return Application(router: limitedRouter(limiter, hits: hits))
    }
    let statuses = LockedList<Int>()
    try await apps[0].test(.router) { first in
        try await apps[1].test(.router) { second in
            for index in 0..<8 {
                let client = index % 2 == 0 ? first : second
                statuses.append(Int(try await client.execute(uri: "/ping", method: .get, headers: [apiKey: "shared"]).status.code))
            }
        }
    }
    #expect(statuses.all == [200, 200, 200, 200, 200, 429, 429, 429])
    #expect(hits.value == 5)
    for client in clients { await client.close() }
}

private func storeFailureScenario() async throws {
    // A port nothing listens on.
    let configuration = try RedisConfiguration(
        url: "redis://127.0.0.1:1", connectTimeout: .milliseconds(200), commandTimeout: .milliseconds(200),
        pool: PoolConfiguration(maxConnections: 1, checkoutTimeout: .milliseconds(500)))
    let client = try RedisClient(configuration: configuration)
    let store = ScriptedRateLimitStore(runner: client)
    let lenient = try RateLimiter(name: "lenient", limit: .fixedWindow(1, per: .seconds(1)), store: store)
    let strict = try RateLimiter(name: "strict", limit: .fixedWindow(1, per: .seconds(1)), store: store, onStoreFailure: .fail)
    let hits = Hits()
    try await Application(router: limitedRouter(lenient, hits: hits)).test(.router) { client in
        let first = try await client.execute(uri: "/ping", method: .get)
        let second = try await client.execute(uri: "/ping", method: .get)
        #expect(first.status == .ok)
        #expect(second.status == .ok)
    }
    try await Application(router: limitedRouter(strict, hits: hits)).test(.router) { client in
        let refused = try await client.execute(uri: "/ping", method: .get)
        #expect(refused.status == .serviceUnavailable)
        #expect(header(refused, "Retry-After") == "1")
    }
    #expect(hits.value == 2)
    await client.close()
}
