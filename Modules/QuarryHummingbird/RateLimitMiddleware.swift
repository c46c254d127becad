import HTTPTypes
import Hummingbird
import Logging
import QuarryRateLimit

/// Limits the requests that pass through it: globally on a router, or per
/// route on a group. Every response carries `RateLimit-Limit`,
/// `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy` (of the
/// limit closest to its end when a global and a route limit both apply); a
/// request over the limit gets a 429 JSON error with `Retry-After` and
/// never reaches the route.
///
/// ```swift
/// let limiter = try RateLimiter(name: "api", limit: .slidingWindow(60, per: .seconds(60)),
///                               tiers: ["pro": .tokenBucket(20, per: .seconds(1), burst: 100)],
///                               store: ScriptedRateLimitStore(runner: redis))
/// router.add(middleware: RateLimitMiddleware(limiter, key: .header("X-API-Key").or(.clientAddress),
///                                            tier: { request, _ in request.headers[.init("X-Plan")!] }))
/// router.group("login").add(middleware: RateLimitMiddleware(loginLimiter, key: .clientAddress))
/// ```
public struct RateLimitMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    private let limiter: RateLimiter
    private let key: RateLimitKey<Context>
    private let tier: (@Sendable (Request, Context) async throws -> String?)?
    private let cost: @Sendable (Request) -> Int

    /// - Parameters:
    ///   - limiter: the limits and the store that counts.
    ///   - key: what to count per; a request without one counts as `anonymous`.
    ///   - tier: the client's plan (a key of the limiter's tiers), `nil` for the default limit.
    ///   - cost: units a request takes (1 by default; more for expensive
    ///     routes; 0 lets the request through uncounted, without headers).
    public init(
        _ limiter: RateLimiter, key: RateLimitKey<Context>,
        tier: (@Sendable (Request, Context) async throws -> String?)? = nil,
        cost: @escaping @Sendable (Request) -> Int = { _ in 1 }
    ) {
        self.limiter = limiter
        self.key = key
        self.tier = tier
        self.cost = cost
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let units = cost(request)
        guard units > 0 else { return try await next(request, context) }
        let identity = try await key.resolve(request, context) ?? "anonymous"
        let plan = try await tier?(request, context)
        let decision: RateLimitDecision
        do {
            decision = try await limiter.acquire(key: identity, tier: plan, cost: units)
        } catch {
            return try QuarryErrorMiddleware<Context>.response(
                for: QuarryErrorMiddleware<Context>.map(error), requestID: context.quarry.requestID)
        }
        guard decision.isAllowed else {
            let error = RateLimitExceeded(limiter: limiter.name, decision: decision)
            context.logger.info("rate limited", metadata: ["limiter": "\(limiter.name)", "key": "\(identity)"])
            return try QuarryErrorMiddleware<Context>.response(
                for: QuarryHTTPError(error), requestID: context.quarry.requestID)
        }
        var response = try await next(request, context)
        // An inner (route) limit that is closer to its end keeps its headers.
        if let inner = response.headers[.rateLimitRemaining].flatMap(Int.init), inner <= decision.remaining {
            return response
        }
        for field in decision.headers {
            if let name = HTTPField.Name(field.name) { response.headers[name] = field.value }
        }
        return response
    }
}

extension HTTPField.Name {
    /// `RateLimit-Remaining`.
    static let rateLimitRemaining = HTTPField.Name("RateLimit-Remaining")!
}
