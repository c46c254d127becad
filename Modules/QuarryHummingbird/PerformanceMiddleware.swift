import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Quarry
import Synchronization

/// Measures each request: its total time and the time and number of the
/// database statements it ran (through a task-scoped
/// `StatementObservation`), reported in a `Server-Timing` header
/// (`total;dur=12.4, db;dur=3.1;desc="4 statements"`) and logged at warning
/// level when the request took longer than `slowRequestThreshold`.
///
/// ```swift
/// router.add(middleware: PerformanceMiddleware(slowRequestThreshold: .milliseconds(500)))
/// ```
public struct PerformanceMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    /// Requests at least this long are logged as slow.
    public let slowRequestThreshold: Duration

    public init(slowRequestThreshold: Duration = .seconds(1)) {
        self.slowRequestThreshold = slowRequestThreshold
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let database = DatabaseTime()
        let start = ContinuousClock.now
        var response = try await StatementObservation.observing(database) { try await next(request, context) }
        let total = ContinuousClock.now - start
        let (statements, dbTime) = database.totals
        response.headers[Self.serverTiming] =
            "total;dur=\(Self.tenths(total.milliseconds)), db;dur=\(Self.tenths(dbTime.milliseconds));desc=\"\(statements) statements\""
        if total >= slowRequestThreshold {
            context.logger.warning("slow request", metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "duration": "\(total)",
                "statements": "\(statements)", "database": "\(dbTime)",
                "requestID": "\(context.quarry.requestID ?? "-")",
            ])
        }
        return response
    }

    static var serverTiming: HTTPField.Name { HTTPField.Name("Server-Timing")! }

    /// `milliseconds` to one decimal (`2.3`), without `String(format:)`,
    /// whose C formatting cost a tenth of a small request's time.
    ///
    /// ```swift
    /// PerformanceMiddleware<QuarryBasicRequestContext>.tenths(2.345)   // "2.3"
    /// ```
    static func tenths(_ milliseconds: Double) -> String {
        let tenths = Int64((max(0, milliseconds) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The statements of one request: how many, and their summed duration.
final class DatabaseTime: StatementObserver {
    private let sums = Mutex<(Int, Duration)>((0, .zero))

    var totals: (statements: Int, duration: Duration) { sums.withLock { $0 } }

    func statementDidFinish(_ event: StatementEvent) {
        sums.withLock { $0 = ($0.0 + 1, $0.1 + event.duration) }
    }
}
