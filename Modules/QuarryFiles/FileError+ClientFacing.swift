import Quarry

/// How a web layer answers file errors: 413 `too_large`, 422 `empty_file`,
/// 415 `unsupported_media_type`, 400 `bad_request` (a bad key or argument),
/// 404 `not_found`, 422 `url_not_allowed` (a fetch the SSRF guard refused),
/// 502 `fetch_failed` (the remote side failed), and 500 for storage faults
/// (details logged, not shown).
///
/// ```swift
/// print(FileError.empty.httpStatus)  // 422
/// ```
extension FileError: ClientFacingError {
    public var httpStatus: Int {
        switch self {
        case .tooLarge: 413
        case .empty, .schemeNotAllowed, .addressNotAllowed: 422
        case .contentNotAllowed: 415
        case .invalidKey, .invalidArgument: 400
        case .notFound: 404
        case .tooManyRedirects, .timedOut, .httpStatus, .transfer: 502
        case .s3, .io: 500
        }
    }

    public var errorCode: String {
        switch self {
        case .tooLarge: "too_large"
        case .empty: "empty_file"
        case .contentNotAllowed: "unsupported_media_type"
        case .invalidKey, .invalidArgument: "bad_request"
        case .notFound: "not_found"
        case .schemeNotAllowed, .addressNotAllowed: "url_not_allowed"
        case .tooManyRedirects, .timedOut, .httpStatus, .transfer: "fetch_failed"
        case .s3, .io: "internal_error"
        }
    }

    public var publicMessage: String {
        switch self {
        case .s3, .io: "internal error"
        default: description
        }
    }
}
