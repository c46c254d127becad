import HTTPTypes
import Hummingbird
import NIOCore
import Quarry

/// Quarry's state for one request: the database (set by
/// ``DatabaseMiddleware``) and the request id (set by the request-id
/// middleware when it runs).
public struct QuarryRequestState: Sendable {
    /// The database handlers use, `nil` until ``DatabaseMiddleware`` ran.
    public var database: Database?
    /// The request's id, when a middleware assigned one.
    public var requestID: String?

    /// Empty state.
    public init() {}
}

/// A request context that carries ``QuarryRequestState``: the request's
/// way to its database (FastAPI's `get_session` dependency). Add the stored
/// property to your own context, or use ``QuarryBasicRequestContext``.
///
/// ```swift
/// struct AppContext: QuarryRequestContext {
///     var coreContext: CoreRequestContextStorage
///     var quarry = QuarryRequestState()
///     init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
/// }
/// router.get("/authors/:id") { request, context in
///     try await Author.get(on: context.database, id: context.parameters.require("id", as: Int64.self)).response()
/// }
/// ```
public protocol QuarryRequestContext: RequestContext {
    /// Quarry's state for this request.
    var quarry: QuarryRequestState { get set }
}

extension QuarryRequestContext {
    /// The request's database.
    ///
    /// - Throws: ``QuarryHTTPError`` (500) when ``DatabaseMiddleware`` is
    ///   not installed: a wiring mistake, not the client's.
    public var database: Database {
        get throws {
            guard let database = quarry.database else {
                throw QuarryHTTPError.internal("DatabaseMiddleware is not installed on this route")
            }
            return database
        }
    }

    /// Runs `body` in a transaction of the request's database: committed when
    /// it returns, rolled back when it throws (and the error goes on to the
    /// error middleware).
    ///
    /// ```swift
    /// router.post("/transfers") { request, context in
    ///     try await context.transaction { tx in
    ///         try await Account.query.filter { $0.id == from }.update(on: tx) { [$0.balance.set(to: $0.balance - amount)] }
    ///         try await Account.query.filter { $0.id == to }.update(on: tx) { [$0.balance.set(to: $0.balance + amount)] }
    ///     }
    ///     return HTTPResponse.Status.noContent
    /// }
    /// ```
    public func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        try await database.transaction(body)
    }
}

/// A ready-made ``QuarryRequestContext`` (Hummingbird's basic context plus
/// Quarry's state and the client's address, for rate limits by address).
///
/// ```swift
/// let router = Router(context: QuarryBasicRequestContext.self)
/// router.add(middleware: DatabaseMiddleware(database: db))
/// ```
public struct QuarryBasicRequestContext: QuarryRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var quarry = QuarryRequestState()
    /// The connected peer (`nil` in router-only tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
