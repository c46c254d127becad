import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What a rate limit counts per: a client address, a user, an API key, or
/// anything a closure derives from the request. `nil` means "this source
/// does not identify the request"; chain sources with ``or(_:)``.
///
/// ```swift
/// RateLimitMiddleware(limiter, key: .header("X-API-Key").or(.clientAddress))
/// RateLimitMiddleware(limiter, key: .custom { _, context in context.user?.id.description })
/// ```
public struct RateLimitKey<Context: RequestContext>: Sendable {
    /// Derives the key (prefixed by its kind, so an address never collides
    /// with an API key); `nil` when the request carries none.
    public let resolve: @Sendable (Request, Context) async throws -> String?

    /// A key from a closure (prefixed `custom:`).
    public static func custom(_ resolve: @escaping @Sendable (Request, Context) async throws -> String?) -> Self {
        Self { request, context in try await resolve(request, context).map { "custom:\($0)" } }
    }

    /// The value of request header `name` (an API key, a user token).
    public static func header(_ name: HTTPField.Name) -> Self {
        Self { request, _ in request.headers[name].map { "\(name.canonicalName):\($0)" } }
    }

    /// This source, or `other` when it yields nothing.
    public func or(_ other: Self) -> Self {
        Self { request, context in
            if let key = try await resolve(request, context) { return key }
            return try await other.resolve(request, context)
        }
    }
}

extension RateLimitKey where Context: RemoteAddressRequestContext {
    /// The connected peer's address (without the port).
    public static var clientAddress: Self {
        forwardedFor(trusting: .none)
    }

    /// The client's address as `proxies` report it: when the connected peer
    /// is a trusted proxy, the right-most `X-Forwarded-For` hop that is not
    /// one; otherwise the peer itself, whatever headers it sent — so a
    /// client cannot pick its own key by sending `X-Forwarded-For`.
    ///
    /// ```swift
    /// RateLimitMiddleware(limiter, key: .forwardedFor(trusting: try TrustedProxies(["10.0.0.0/8"])))
    /// ```
    public static func forwardedFor(trusting proxies: TrustedProxies) -> Self {
        Self { request, context in
            guard let address = context.remoteAddress else { return nil }
            let peer = address.ipAddress ?? address.description
            return "ip:" + proxies.client(peer: peer, forwardedFor: request.headers[.xForwardedFor])
        }
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
