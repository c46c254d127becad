import HTTPTypes
import Hummingbird
import Quarry

/// An error with an HTTP status and the JSON body Quarry's routes answer
/// with: `{"error": {"status", "code", "message", "fields"?, "requestID"?}}`.
///
/// ``QuarryErrorMiddleware`` turns Quarry's errors into these; throw one
/// yourself for errors of your own.
///
/// ```swift
/// throw QuarryHTTPError(status: .forbidden, code: "not_owner", message: "only the author may edit a post")
/// ```
public struct QuarryHTTPError: Error, Sendable, Hashable {
    /// The response status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`validation_failed`, `not_found`, …).
    public var code: String
    /// A sentence for people.
    public var message: String
    /// Every failing field, for validation errors.
    public var fields: [FieldFailure]
    /// Extra response headers (`Retry-After`).
    public var headers: [HTTPField.Name: String]

    public init(
        status: HTTPResponse.Status, code: String, message: String, fields: [FieldFailure] = [],
        headers: [HTTPField.Name: String] = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    /// The HTTP error a `ClientFacingError` describes: its status, code,
    /// message (hidden behind "internal error" at 500), failing
    /// fields, headers, and `Retry-After` in whole seconds (rounded up, at
    /// least 1) unless its headers carry one.
    ///
    /// ```swift
    /// let answer = QuarryHTTPError(QuarryError.notFound(table: "authors", key: "42"))  // 404 not_found
    /// ```
    public init(_ error: any ClientFacingError) {
        // A status outside 400...599 is not an error answer (and outside
        // 0...999 HTTPTypes traps): such an error is a bug of its own, a 500.
        let status = (400...599).contains(error.httpStatus)
            ? HTTPResponse.Status(code: error.httpStatus) : .internalServerError
        guard status != .internalServerError else {
            self.init(status: status, code: "internal_error", message: "internal error")
            return
        }
        var headers: [HTTPField.Name: String] = [:]
        for field in error.responseHeaders {
            if let name = HTTPField.Name(field.name) { headers[name] = field.value }
        }
        if headers[.retryAfter] == nil, let retryAfter = error.retryAfter {
            let (seconds, attoseconds) = retryAfter.components
            headers[.retryAfter] = String(max(1, seconds + (attoseconds > 0 ? 1 : 0)))
        }
        self.init(status: status, code: error.errorCode, message: error.publicMessage, fields: error.fieldFailures, headers: headers)
    }

    /// A 500 whose message stays in the logs: the client sees only "internal error".
    static func `internal`(_ detail: String) -> QuarryHTTPError {
        QuarryHTTPError(status: .internalServerError, code: "internal_error", message: detail)
    }
}

/// The JSON body of an error response.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var status: Int
        var code: String
        var message: String
        var fields: [FieldFailure]?
        var requestID: String?
    }

    var error: Detail
}
