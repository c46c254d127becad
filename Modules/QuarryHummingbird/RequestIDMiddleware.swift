import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuarryMixins

/// Gives every request an id: the client's `X-Request-ID` when it is a
/// sane token (at most 128 letters, digits, `-`, `_`, `.`), else a new
/// random UUID. The id is echoed in the response's `X-Request-ID`, stored in
/// ``QuarryRequestState/requestID`` (error bodies carry it), added to the
/// metadata of what the request logger logs (`requestID`), and set as the
/// audit context's request id, so audit rows written by the request name it.
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
        let id = request.headers[Self.header].flatMap { Self.isAcceptable($0) ? $0 : nil } ?? Self.newID()
        var context = context
        context.quarry.requestID = id
        Self.addRequestID(id, to: &context.logger)
        var response = try await AuditContext.$requestID.withValue(id) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    /// A random (version 4) UUID from the system's generator: one
    /// `getrandom` call, where Foundation's `UUID()` opens, reads and closes
    /// `/dev/urandom` on Linux — a tenth of a small request's time.
    ///
    /// ```swift
    /// RequestIDMiddleware<QuarryBasicRequestContext>.newID()   // "1B4E28BA-2FA1-41D2-883F-0016D3CCA427"
    /// ```
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // RFC 4122 variant
            return UUID(uuid: (
                raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15])).uuidString
        }
    }

    /// Adds `requestID` to what `logger` logs. Where the handler takes a
    /// metadata provider, the id comes from the task-local audit context,
    /// read only when a line is logged: setting metadata makes swift-log's
    /// `StreamLogHandler` re-render all of it, a twentieth of a small
    /// request's time. Other handlers get the metadata set.
    static func addRequestID(_ id: String, to logger: inout Logger) {
        let existing = logger.handler.metadataProvider
        let provider = existing.flatMap { Logger.MetadataProvider.multiplex([$0, requestIDProvider]) } ?? requestIDProvider
        logger.handler.metadataProvider = provider
        if logger.handler.metadataProvider == nil { logger[metadataKey: "requestID"] = "\(id)" }
    }

    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}

/// `requestID` from the task-local audit context, for the request logger.
private let requestIDProvider = Logger.MetadataProvider {
    guard let id = AuditContext.requestID else { return [:] }
    return ["requestID": .string(id)]
}
