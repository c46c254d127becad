import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuarryMixins

/// Gives every request an id: the client's `X-Request-ID` when it is a
/// sane token (at most 128 letters, digits, `-`, `_`, `.`), else a new
/// UUID. The id is echoed in the response's `X-Request-ID`, stored in
/// ``QuarryRequestState/requestID`` (error bodies carry it), added to the
/// request logger's metadata (`requestID`), and set as the audit context's
/// request id, so audit rows written by the request name it.
///
/// ```swift
/// router.add(middleware: RequestIDMiddleware())
/// router.add(middleware: QuarryErrorMiddleware())
/// ```
public struct RequestIDMiddleware<Context: QuarryRequestContext>: RouterMiddleware {
    /// The header read and written.
    public static var header: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = request.headers[Self.header].flatMap { Self.isAcceptable($0) ? $0 : nil } ?? UUID().uuidString
        var context = context
        context.quarry.requestID = id
        context.logger[metadataKey: "requestID"] = "\(id)"
        var response = try await AuditContext.$requestID.withValue(id) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}
