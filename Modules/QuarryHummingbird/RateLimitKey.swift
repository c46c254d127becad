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

    /// The first address of `X-Forwarded-For`: only behind a proxy you
    /// trust to set it (a client can send any value otherwise).
    public static var forwardedFor: Self {
        Self { request, _ in
            guard let header = request.headers[.xForwardedFor] else { return nil }
            let first = header.split(separator: ",").first?.trimmingCharacters(in: .whitespaces) ?? ""
            return first.isEmpty ? nil : "ip:\(first)"
        }
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
        Self { _, context in
            guard let address = context.remoteAddress else { return nil }
            return "ip:\(address.ipAddress ?? address.description)"
        }
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
