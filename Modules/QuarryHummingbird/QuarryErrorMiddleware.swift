import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Quarry

/// Turns every error a route throws into a JSON error response
/// (`{"error": {"status", "code", "message", "fields"?, "requestID"?}}`):
///
/// | error | status | code |
/// | --- | --- | --- |
/// | a ``QuarryHTTPError`` you throw | its status | its code |
/// | any `ClientFacingError` — `QuarryError`, `ValidationError` and every feature module's errors | its `httpStatus` | its `errorCode` (+ `Retry-After`, its headers, its failing fields) |
/// | malformed JSON | 400 | `bad_request` |
/// | malformed request (Hummingbird's 400) | 400 | `bad_request` |
/// | a body over the upload limit | 413 | `too_large` (not logged as an error) |
/// | Hummingbird's other `HTTPResponseError`s | their status | `http_error` |
/// | anything else | 500 | `internal_error` — no internals in the body |
///
/// Each module documents its errors' mapping where it adopts
/// `ClientFacingError` (`QuarryError`: 404 `not_found`, 409 `conflict` and
/// `stale_object`, 503 `unavailable` and `retry`, 504 `timeout`, …), so this
/// middleware imports no feature module.
///
/// An error answered with 500 is logged once at error level with the
/// request id, and handed to `report` (an error tracker's hook).
///
/// ```swift
/// router.add(middleware: QuarryErrorMiddleware { error, request in tracker.capture(error) })
/// ```
public struct QuarryErrorMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    private let report: (@Sendable (any Error, Request) -> Void)?

    /// - Parameter report: called with every error answered with a 500.
    public init(report: (@Sendable (any Error, Request) -> Void)? = nil) {
        self.report = report
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = Self.map(error)
            if mapped.status == .internalServerError {
                context.logger.error("unhandled error", metadata: [
                    "error": "\(error)", "method": "\(request.method)", "path": "\(request.uri.path)",
                    "requestID": "\(context.quarry.requestID ?? "-")",
                ])
                report?(error, request)
            }
            return try Self.response(for: mapped, requestID: context.quarry.requestID)
        }
    }

    /// The HTTP error an error maps to.
    public static func map(_ error: any Error) -> QuarryHTTPError {
        switch error {
        case let error as QuarryHTTPError:
            return error.status == .internalServerError
                ? QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")
                : error
        case let error as any ClientFacingError:
            return QuarryHTTPError(error)
        case is DecodingError:
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "the body is not valid JSON for this route")
        case let error as any HTTPResponseError:
            // Hummingbird's own (HTTPError, a body over the upload limit): plain words, no framework internals.
            return map(status: error.status)
        default:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")
        }
    }

    /// Hummingbird's errors by status: 400 and 413 as Quarry words them, other
    /// client errors with their reason phrase, server errors hidden.
    private static func map(status: HTTPResponse.Status) -> QuarryHTTPError {
        switch status {
        case .badRequest:
            // Hummingbird words a body it cannot decode with Foundation's description and Swift type names.
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "the request is malformed (a body that is not valid JSON for this route?)")
        case .contentTooLarge:
            return QuarryHTTPError(
                status: .contentTooLarge, code: "too_large", message: "the request body is larger than this route accepts")
        case let status where status.code >= 500:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")
        default:
            return QuarryHTTPError(status: status, code: "http_error", message: status.reasonPhrase)
        }
    }

    static func response(for error: QuarryHTTPError, requestID: String?) throws -> Response {
        let body = ErrorBody(error: .init(
            status: Int(error.status.code), code: error.code, message: error.message,
            fields: error.fields.isEmpty ? nil : error.fields, requestID: requestID))
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        for (name, value) in error.headers { headers[name] = value }
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
