import HTTPTypes
import Hummingbird
import Logging

/// Logs one line per request — method, path, status, duration (and the
/// request id when ``RequestIDMiddleware`` runs before it) — at `level`, or
/// at error level for a 5xx. With `maxLoggedBodyBytes` above zero, a body
/// declared no longer than that is read, logged (as UTF-8, invalid bytes
/// replaced) and handed on to the route unchanged; a longer or unsized body
/// is not read, only its declared length noted.
///
/// ```swift
/// router.add(middleware: RequestIDMiddleware())
/// router.add(middleware: RequestLoggingMiddleware(maxLoggedBodyBytes: 2_048))
/// ```
public struct RequestLoggingMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    /// The level of a successful request's line.
    public let level: Logger.Level
    /// Bodies up to this size are logged (0: never).
    public let maxLoggedBodyBytes: Int

    public init(level: Logger.Level = .info, maxLoggedBodyBytes: Int = 0) {
        self.level = level
        self.maxLoggedBodyBytes = max(0, maxLoggedBodyBytes)
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var metadata: Logger.Metadata = ["method": "\(request.method)", "path": "\(request.uri.path)"]
        if let requestID = context.quarry.requestID { metadata["requestID"] = "\(requestID)" }
        if maxLoggedBodyBytes > 0 {
            let declared = request.headers[.contentLength].flatMap(Int.init)
            if let declared, declared <= maxLoggedBodyBytes {
                // collectBody keeps the bytes in the request: the route reads them again.
                let body = try await request.collectBody(upTo: maxLoggedBodyBytes)
                metadata["body"] = "\(String(decoding: body.readableBytesView, as: UTF8.self))"
            } else if let declared {
                metadata["body"] = "<\(declared) bytes, not logged>"
            }
        }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metadata["status"] = "\(response.status.code)"
            metadata["duration"] = "\(ContinuousClock.now - start)"
            context.logger.log(level: response.status.code >= 500 ? .error : level, "request", metadata: metadata)
            return response
        } catch {
            // An error no middleware below turned into a response.
            metadata["status"] = "\((error as? any HTTPResponseError)?.status.code ?? 500)"
            metadata["duration"] = "\(ContinuousClock.now - start)"
            context.logger.log(level: .error, "request failed", metadata: metadata)
            throw error
        }
    }
}
