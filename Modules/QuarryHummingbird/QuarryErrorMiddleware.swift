import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Quarry
import QuarryFiles
import QuarryImages
import QuarryPagination
import QuarryRateLimit
import QuarryResilience

/// Turns every error a route throws into a JSON error response
/// (`{"error": {"status", "code", "message", "fields"?, "requestID"?}}`):
///
/// | error | status | code |
/// | --- | --- | --- |
/// | `ValidationError` (DTO decoding) | 422 | `validation_failed`, every field's message |
/// | malformed JSON | 400 | `bad_request` |
/// | `QuarryError.notFound` | 404 | `not_found` |
/// | `QuarryError.uniqueViolation` | 409 | `conflict` |
/// | `QuarryError.staleObject` | 409 | `stale_object` |
/// | `QuarryError.foreignKeyViolation` | 409 | `conflict` |
/// | `QuarryError.checkViolation`, `.notNullViolation` | 422 | `constraint_failed` |
/// | `QuarryError.invalidArgument`, `PaginationError` | 400 | `bad_request` |
/// | `QuarryError.poolExhausted`, `.connectionLost`, `.connectionFailed`, `.poolClosed`, `ResilienceError.circuitOpen` | 503 | `unavailable` (+ `Retry-After`) |
/// | `QuarryError.serializationFailure`, `.deadlock` | 503 | `retry` (+ `Retry-After`) |
/// | `QuarryError.timeout` | 504 | `timeout` |
/// | `RateLimitExceeded` | 429 | `rate_limited` (+ `RateLimit-*`, `Retry-After`) |
/// | `RateLimitError.storeUnavailable` | 503 | `unavailable` |
/// | malformed request (Hummingbird's 400) | 400 | `bad_request` |
/// | a body over the upload limit | 413 | `too_large` (not logged as an error) |
/// | Hummingbird's other `HTTPResponseError`s | their status | `http_error` |
/// | anything else | 500 | `internal_error` — no internals in the body |
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
        case let error as ValidationError:
            return QuarryHTTPError(
                status: .unprocessableContent, code: "validation_failed",
                message: "\(error.failures.count) field(s) failed validation", fields: error.failures)
        case is DecodingError:
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "the body is not valid JSON for this route")
        case let error as QuarryError:
            return map(error)
        case let error as PaginationError:
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(error)")
        case let error as RateLimitExceeded:
            return rateLimited(error)
        case RateLimitError.storeUnavailable:
            return QuarryHTTPError(
                status: .serviceUnavailable, code: "unavailable", message: "the rate limiter is unavailable; retry later",
                headers: [.retryAfter: "1"])
        case ResilienceError.circuitOpen(_, let retryAfter):
            return unavailable(retryAfter: retryAfter)
        case let error as any HTTPResponseError:
            // Hummingbird's own (HTTPError, a body over the upload limit): plain words, no framework internals.
            return map(status: error.status)
        case let error as FileError:
            return map(error)
        case let error as ImageError:
            return map(error)
        default:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")
        }
    }

    private static func map(_ error: FileError) -> QuarryHTTPError {
        switch error {
        case .tooLarge:
            return QuarryHTTPError(status: .contentTooLarge, code: "too_large", message: "\(error)")
        case .empty:
            return QuarryHTTPError(status: .unprocessableContent, code: "empty_file", message: "\(error)")
        case .contentNotAllowed:
            return QuarryHTTPError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "\(error)")
        case .invalidKey, .invalidArgument:
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(error)")
        case .notFound:
            return QuarryHTTPError(status: .notFound, code: "not_found", message: "\(error)")
        case .schemeNotAllowed, .addressNotAllowed:
            return QuarryHTTPError(status: .unprocessableContent, code: "url_not_allowed", message: "\(error)")
        case .tooManyRedirects, .timedOut, .httpStatus, .transfer:
            return QuarryHTTPError(status: .badGateway, code: "fetch_failed", message: "\(error)")
        case .s3, .io:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")  // details logged
        }
    }

    private static func map(_ error: ImageError) -> QuarryHTTPError {
        switch error {
        case .notAnImage:
            return QuarryHTTPError(status: .unsupportedMediaType, code: "not_an_image", message: "\(error)")
        case .tooManyPixels, .tooLarge:
            return QuarryHTTPError(status: .contentTooLarge, code: "too_large", message: "\(error)")
        case .invalidArgument:
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(error)")
        case .processing:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")  // details logged
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

    private static func map(_ error: QuarryError) -> QuarryHTTPError {
        switch error {
        case .notFound(let table, let key):
            return QuarryHTTPError(status: .notFound, code: "not_found", message: "no \(table) with key \(key)")
        case .uniqueViolation(let info), .foreignKeyViolation(let info):
            let what = info.constraint.map { " (\($0))" } ?? ""
            return QuarryHTTPError(status: .conflict, code: "conflict", message: "the change conflicts with existing data\(what)")
        case .staleObject(let table, let key, let version):
            return QuarryHTTPError(
                status: .conflict, code: "stale_object",
                message: "\(table) \(key) was changed by someone else (now version \(version)); reload and retry")
        case .checkViolation, .notNullViolation:
            return QuarryHTTPError(status: .unprocessableContent, code: "constraint_failed", message: "a constraint refused the values")
        case .invalidArgument(let name, let reason):
            return QuarryHTTPError(status: .badRequest, code: "bad_request", message: "\(name) \(reason)")
        case .invalidValue(let message):
            // A value no database stores (a NaN, a date 300,000 years out), usually from the request.
            return QuarryHTTPError(status: .unprocessableContent, code: "invalid_value", message: message)
        case .poolExhausted, .connectionLost, .connectionFailed, .poolClosed:
            return unavailable(retryAfter: .seconds(1))
        case .serializationFailure, .deadlock:
            return QuarryHTTPError(
                status: .serviceUnavailable, code: "retry", message: "concurrent changes collided; retry the request",
                headers: [.retryAfter: "1"])
        case .timeout:
            return QuarryHTTPError(status: .gatewayTimeout, code: "timeout", message: "the database did not answer in time")
        default:
            return QuarryHTTPError(status: .internalServerError, code: "internal_error", message: "internal error")
        }
    }

    private static func unavailable(retryAfter: Duration) -> QuarryHTTPError {
        let seconds = max(1, Int((Double(retryAfter.components.seconds) + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
        return QuarryHTTPError(
            status: .serviceUnavailable, code: "unavailable", message: "the database is unavailable; retry later",
            headers: [.retryAfter: String(seconds)])
    }

    /// The 429 for a spent allowance, with its `RateLimit-*` and `Retry-After` headers.
    static func rateLimited(_ error: RateLimitExceeded) -> QuarryHTTPError {
        var headers: [HTTPField.Name: String] = [:]
        for field in error.decision.headers {
            if let name = HTTPField.Name(field.name) { headers[name] = field.value }
        }
        return QuarryHTTPError(
            status: .tooManyRequests, code: "rate_limited",
            message: "too many requests (\(error.limiter): \(error.decision.limit)); retry in \(error.decision.retryAfterSeconds ?? 1) s",
            headers: headers)
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
