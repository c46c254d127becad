/// How much one listing request may ask of a ``CRUDRouter``: a request
/// beyond any bound gets a 400 that names it, before any SQL is built.
/// Filters combine flat (`a AND b AND …`), so no bound is needed for
/// nesting; page sizes are bounded by the router's `maxPageSize`.
///
/// ```swift
/// try CRUDRouter(Author.self, cursorSecret: secret, limits: RequestLimits(maxFilters: 8, maxListValues: 50))
/// ```
public struct RequestLimits: Sendable, Hashable {
    /// Filter parameters per request (`?name=…&karma__gte=…` is two).
    public var maxFilters: Int
    /// Values in one `__in` / `__not_in` list.
    public var maxListValues: Int
    /// Distinct relations in `?include=` (repeats count once).
    public var maxIncludes: Int

    public init(maxFilters: Int = 16, maxListValues: Int = 100, maxIncludes: Int = 8) {
        self.maxFilters = maxFilters
        self.maxListValues = maxListValues
        self.maxIncludes = maxIncludes
    }

    /// The 400 for a request over `limit`.
    static func exceeded(_ what: String, count: Int, limit: Int, setting: String) -> QuarryHTTPError {
        QuarryHTTPError(
            status: .badRequest, code: "bad_request",
            message: "\(what): \(count) given, at most \(limit) accepted (RequestLimits.\(setting))")
    }
}
