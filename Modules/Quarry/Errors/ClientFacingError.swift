/// An error that says how a web layer answers it: an HTTP status, a stable
/// machine-readable code, a sentence safe to show the client, and when to
/// retry.
///
/// Every module's errors adopt it where they are defined, so the web
/// integration (QuarryHummingbird's `QuarryErrorMiddleware`) maps any of them
/// without importing the module — an app that serves routes builds only the
/// modules it uses. Adopt it for errors of your own:
///
/// ```swift
/// enum BillingError: ClientFacingError {
///     case cardDeclined
///     var httpStatus: Int { 402 }
///     var errorCode: String { "card_declined" }
///     var publicMessage: String { "the card was declined" }
/// }
/// ```
///
/// A status of 500 hides `publicMessage` behind "internal error" (and the
/// web layer logs the error): what failed inside stays in the logs. 502, 503
/// and 504 show it ("the database is unavailable; retry later").
public protocol ClientFacingError: Error, Sendable {
    /// The response status (404, 409, 429, 503, …): 400 to 599; anything
    /// else is answered as a 500.
    var httpStatus: Int { get }
    /// A stable, machine-readable code (`not_found`, `rate_limited`, …).
    var errorCode: String { get }
    /// A sentence for people; never internals, values of other users or SQL.
    var publicMessage: String { get }
    /// How long the client should wait before retrying (sent as `Retry-After`
    /// in whole seconds, rounded up); `nil` when retrying will not help.
    var retryAfter: Duration? { get }
    /// Extra response headers (`RateLimit-Remaining`, …).
    var responseHeaders: [(name: String, value: String)] { get }
    /// Every failing field, for validation errors.
    var fieldFailures: [FieldFailure] { get }
}

extension ClientFacingError {
    public var retryAfter: Duration? { nil }
    public var responseHeaders: [(name: String, value: String)] { [] }
    public var fieldFailures: [FieldFailure] { [] }
}
