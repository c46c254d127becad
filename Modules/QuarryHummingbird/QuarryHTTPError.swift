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
