/// What a ``RemoteFetcher`` may fetch: time, size and redirect limits, and
/// which addresses it may connect to.
///
/// By default only public internet addresses are reachable: loopback,
/// private, link-local (cloud metadata at 169.254.169.254) and reserved
/// addresses are refused — checked on the address actually connected to,
/// after DNS and on every redirect, so a hostname that resolves to
/// 127.0.0.1 (or a redirect to one) is refused too.
///
/// ```swift
/// var policy = FetchPolicy(maximumBytes: 10 << 20, timeout: .seconds(15))
/// policy.allowedScopes.insert(.loopback)   // e.g. for tests against a local server
/// ```
public struct FetchPolicy: Sendable {
    /// The most body bytes a fetch accepts; larger downloads stop there.
    public var maximumBytes: Int64
    /// The whole transfer's limit, connection included.
    public var timeout: Duration
    /// The connection's limit.
    public var connectTimeout: Duration
    /// Redirects followed at most (0: a redirect is an error).
    public var maximumRedirects: Int
    /// Address scopes that may be connected to; `.global` is always allowed.
    public var allowedScopes: Set<IPAddress.Scope>
    /// The `User-Agent` header sent.
    public var userAgent: String

    public init(
        maximumBytes: Int64 = 25 << 20,
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maximumRedirects: Int = 5,
        allowedScopes: Set<IPAddress.Scope> = [.global],
        userAgent: String = "Quarry"
    ) {
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumRedirects = maximumRedirects
        self.allowedScopes = allowedScopes.union([.global])
        self.userAgent = userAgent
    }

    /// Whether an address may be connected to.
    public func allows(_ address: IPAddress) -> Bool {
        allowedScopes.contains(address.scope)
    }
}
