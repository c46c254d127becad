import Quarry

/// A web layer answers a bad cursor or page size with 400 `bad_request`.
///
/// ```swift
/// print(PaginationError.invalidCursor("not base64").httpStatus)  // 400
/// ```
extension PaginationError: ClientFacingError {
    public var httpStatus: Int { 400 }
    public var errorCode: String { "bad_request" }
    public var publicMessage: String { description }
}
