import HTTPTypes
import Hummingbird
import Quarry

/// Makes `database` reachable from every request through the context
/// (``QuarryRequestContext/database``).
///
/// ```swift
/// let router = Router(context: QuarryBasicRequestContext.self)
/// router.add(middleware: QuarryErrorMiddleware())
/// router.add(middleware: DatabaseMiddleware(database: db))
/// ```
public struct DatabaseMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    /// The database requests get.
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.quarry.database = database
        return try await next(request, context)
    }
}
