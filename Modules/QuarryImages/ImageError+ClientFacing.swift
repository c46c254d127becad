import Quarry

/// How a web layer answers image errors: 415 `not_an_image`, 413
/// `too_large` (bytes or pixels), 400 `bad_request`, and 500 when libvips
/// failed (details logged, not shown).
///
/// ```swift
/// print(ImageError.tooLarge(bytes: 9_000_000, limit: 8_000_000).httpStatus)  // 413
/// ```
extension ImageError: ClientFacingError {
    public var httpStatus: Int {
        switch self {
        case .notAnImage: 415
        case .tooManyPixels, .tooLarge: 413
        case .invalidArgument: 400
        case .processing: 500
        }
    }

    public var errorCode: String {
        switch self {
        case .notAnImage: "not_an_image"
        case .tooManyPixels, .tooLarge: "too_large"
        case .invalidArgument: "bad_request"
        case .processing: "internal_error"
        }
    }

    public var publicMessage: String {
        if case .processing = self { return "internal error" }
        return description
    }
}
