/// Why a page cannot be served: a cursor that is not one this server
/// signed for this query, or a page size out of bounds.
///
/// ```swift
/// do { _ = try await paginator.page(on: db, after: cursor) }
/// catch PaginationError.invalidCursor(let reason) { /* 400 Bad Request */ }
/// ```
public enum PaginationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Malformed, truncated, forged (bad signature) or made for another query.
    case invalidCursor(String)
    /// `size` is outside `1...maximum`.
    case pageSizeOutOfRange(size: Int, maximum: Int)

    public var description: String {
        switch self {
        case .invalidCursor(let reason): "invalid cursor: \(reason)"
        case .pageSizeOutOfRange(let size, let maximum): "page size \(size) is outside 1...\(maximum)"
        }
    }
}
