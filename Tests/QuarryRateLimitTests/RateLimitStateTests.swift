import QuarryRateLimit
import Testing

@Suite("RateLimitState: the three algorithms' arithmetic, policies and headers")
struct RateLimitStateTests {
    @Test("a fixed window counts per calendar window and allows a fresh allowance exactly at its edge")
    func fixedWindowEdge() {
        let limit = RateLimit.fixedWindow(2, per: .seconds(1))
        var state = RateLimitState.fresh
        #expect(state.acquire(limit, cost: 1, now: 1_500).remaining == 1)
        #expect(state.acquire(limit, cost: 1, now: 1_999).remaining == 0)
        let denied = state.acquire(limit, cost: 1, now: 1_999)
        #expect(!denied.isAllowed)
        #expect(denied.retryAfterMilliseconds == 1)
        #expect(denied.resetMilliseconds == 1)
        let next = state.acquire(limit, cost: 1, now: 2_000)
        #expect(next.isAllowed && next.remaining == 1 && next.resetMilliseconds == 1_000)
    }

    @Test("a cost larger than what is left is refused without taking anything")
    func costOverRemaining() {
        let limit = RateLimit.slidingWindow(3, per: .seconds(1))
        var state = RateLimitState.fresh
        #expect(state.acquire(limit, cost: 2, now: 0).remaining == 1)
        let denied = state.acquire(limit, cost: 2, now: 10)
        #expect(!denied.isAllowed && denied.remaining == 1)
        // One unit of the first request must leave: it does at 1,000.
        #expect(denied.retryAfterMilliseconds == 990)
        #expect(state.acquire(limit, cost: 1, now: 10).isAllowed)
    }

    @Test("a token bucket never refills backwards when the clock steps back, and is full again after its reset")
    func bucketClockSkew() {
        let limit = RateLimit.tokenBucket(1, per: .seconds(1), burst: 2)
        var state = RateLimitState.fresh
        _ = state.acquire(limit, cost: 2, now: 10_000)
        let skewed = state.acquire(limit, cost: 1, now: 9_000)
        #expect(!skewed.isAllowed)
        #expect(skewed.retryAfterMilliseconds == 1_000)
        #expect(state.expiry(under: limit) == 12_000)
        var later = state
        let full = later.acquire(limit, cost: 2, now: 12_000)
        #expect(full.isAllowed && full.remaining == 0)
    }

    @Test("headers follow the rate-limit header draft; Retry-After only when denied, rounded up")
    func headers() {
        let limit = RateLimit.tokenBucket(5, per: .seconds(10), burst: 20)
        let allowed = RateLimitDecision(isAllowed: true, limit: limit, remaining: 19, resetMilliseconds: 1_001, retryAfterMilliseconds: nil)
        #expect(allowed.headers.map(\.name) == ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"])
        #expect(allowed.headers.map(\.value) == ["20", "19", "2", "5;w=10;burst=20"])
        let denied = RateLimitDecision(isAllowed: false, limit: .fixedWindow(100, per: .seconds(60)), remaining: 0,
                                       resetMilliseconds: 1, retryAfterMilliseconds: 1)
        #expect(denied.headers.last?.name == "Retry-After")
        #expect(denied.headers.last?.value == "1")
        #expect(denied.headers[3].value == "100;w=60")
    }

    @Test("policies that cannot work are refused, naming the argument")
    func validation() throws {
        #expect(throws: RateLimitError.invalidLimit("limit: limit must be positive, got 0")) {
            try RateLimiter(name: "t", limit: .fixedWindow(0, per: .seconds(1)), store: MemoryRateLimitStore())
        }
        #expect(throws: RateLimitError.invalidLimit("tiers[\"pro\"]: period must be at least 1 ms, got 0.0 seconds")) {
            try RateLimiter(name: "t", limit: .fixedWindow(1, per: .seconds(1)),
                            tiers: ["pro": .slidingWindow(1, per: .zero)], store: MemoryRateLimitStore())
        }
    }

    @Test("a limiter separates tiers and keys, refuses unknown tiers and costs below 1, and resets a key")
    func limiter() async throws {
        let clock = ManualRateLimitClock(now: 0)
        let store = MemoryRateLimitStore()
        let limiter = try RateLimiter(name: "api", limit: .fixedWindow(1, per: .seconds(1)),
                                      tiers: ["pro": .fixedWindow(3, per: .seconds(1))], store: store, clock: .manual(clock))
        #expect(try await limiter.acquire(key: "a").isAllowed)
        #expect(try await !limiter.acquire(key: "a").isAllowed)
        #expect(try await limiter.acquire(key: "b").isAllowed)
        #expect(try await limiter.acquire(key: "a", tier: "pro").remaining == 2)
        await #expect(throws: RateLimitError.unknownTier("gold")) { try await limiter.acquire(key: "a", tier: "gold") }
        await #expect(throws: RateLimitError.invalidLimit("cost: must be at least 1, got 0")) {
            try await limiter.acquire(key: "a", cost: 0)
        }
        await #expect(throws: RateLimitExceeded.self) { try await limiter.check(key: "a") }
        try await limiter.reset(key: "a")
        #expect(try await limiter.check(key: "a").remaining == 0)
        #expect(store.count == 3)
    }

    @Test("the memory store forgets keys whose allowance is whole again")
    func memorySweep() async throws {
        let store = MemoryRateLimitStore()
        let limit = RateLimit.fixedWindow(5, per: .milliseconds(10))
        for index in 0..<1_000 { _ = try await store.acquire(key: "k\(index)", limit: limit, cost: 1, now: 0) }
        #expect(store.count == 1_000)
        for index in 0..<24 { _ = try await store.acquire(key: "late\(index)", limit: limit, cost: 1, now: 100) }
        #expect(store.count == 24)
    }
}
