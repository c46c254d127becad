/// How a web layer answers Quarry's errors:
///
/// | error | status | code |
/// | --- | --- | --- |
/// | `.notFound` | 404 | `not_found` |
/// | `.uniqueViolation`, `.foreignKeyViolation` | 409 | `conflict` |
/// | `.staleObject` | 409 | `stale_object` |
/// | `.checkViolation`, `.notNullViolation` | 422 | `constraint_failed` |
/// | `.invalidValue` | 422 | `invalid_value` |
/// | `.invalidArgument` | 400 | `bad_request` |
/// | `.poolExhausted`, `.connectionLost`, `.connectionFailed`, `.poolClosed` | 503 | `unavailable`, retry after 1 s |
/// | `.serializationFailure`, `.deadlock` | 503 | `retry`, retry after 1 s |
/// | `.timeout` | 504 | `timeout` |
/// | anything else | 500 | `internal_error` |
///
/// ```swift
/// let error = QuarryError.notFound(table: "authors", key: "42")
/// print(error.httpStatus, error.errorCode)  // 404 not_found
/// ```
extension QuarryError: ClientFacingError {
    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .uniqueViolation, .foreignKeyViolation, .staleObject: 409
        case .checkViolation, .notNullViolation, .invalidValue: 422
        case .invalidArgument: 400
        case .poolExhausted, .connectionLost, .connectionFailed, .poolClosed, .serializationFailure, .deadlock: 503
        case .timeout: 504
        default: 500
        }
    }

    public var errorCode: String {
        switch self {
        case .notFound: "not_found"
        case .uniqueViolation, .foreignKeyViolation: "conflict"
        case .staleObject: "stale_object"
        case .checkViolation, .notNullViolation: "constraint_failed"
        case .invalidValue: "invalid_value"
        case .invalidArgument: "bad_request"
        case .poolExhausted, .connectionLost, .connectionFailed, .poolClosed: "unavailable"
        case .serializationFailure, .deadlock: "retry"
        case .timeout: "timeout"
        default: "internal_error"
        }
    }

    public var publicMessage: String {
        switch self {
        case .notFound(let table, let key): "no \(table) with key \(key)"
        case .uniqueViolation(let info), .foreignKeyViolation(let info):
            "the change conflicts with existing data" + (info.constraint.map { " (\($0))" } ?? "")
        case .staleObject(let table, let key, let version):
            "\(table) \(key) was changed by someone else (now version \(version)); reload and retry"
        case .checkViolation, .notNullViolation: "a constraint refused the values"
        case .invalidArgument(let name, let reason): "\(name) \(reason)"
        // A value no database stores (a NaN, a date 300,000 years out), usually from the request.
        case .invalidValue(let message): message
        case .poolExhausted, .connectionLost, .connectionFailed, .poolClosed: "the database is unavailable; retry later"
        case .serializationFailure, .deadlock: "concurrent changes collided; retry the request"
        case .timeout: "the database did not answer in time"
        default: "internal error"
        }
    }

    public var retryAfter: Duration? {
        switch self {
        case .poolExhausted, .connectionLost, .connectionFailed, .poolClosed, .serializationFailure, .deadlock: .seconds(1)
        default: nil
        }
    }
}
