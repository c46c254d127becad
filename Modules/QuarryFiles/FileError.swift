/// What went wrong storing, reading, uploading or fetching a file; each
/// case names the key, argument, URL or limit involved.
///
/// ```swift
/// do { _ = try await files.upload(body, filename: "cat.png") }
/// catch FileError.tooLarge(let limit) { print("at most \(limit) bytes") }
/// ```
public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A storage key that could escape its root or is malformed.
    case invalidKey(String, reason: String)
    /// No object under this key.
    case notFound(key: String)
    /// More bytes than the limit allows (upload or download); stopped at the limit.
    case tooLarge(limit: Int64)
    /// An empty upload.
    case empty
    /// The content's magic bytes are not one of the allowed types.
    case contentNotAllowed(detected: String?, allowed: [String])
    /// An argument out of range, named.
    case invalidArgument(name: String, reason: String)
    /// A URL whose scheme is not http or https, or that is not a URL.
    case schemeNotAllowed(url: String)
    /// The host resolved to an address the fetch policy refuses (loopback,
    /// private, link-local or reserved), checked on every connection
    /// including redirects.
    case addressNotAllowed(host: String, address: String, scope: String)
    /// More redirects than the limit.
    case tooManyRedirects(url: String)
    /// The transfer took longer than its timeout.
    case timedOut(url: String)
    /// A response status the operation does not accept.
    case httpStatus(url: String, status: Int)
    /// An error answer from S3 (its `Code` and `Message`).
    case s3(status: Int, code: String, message: String, key: String?)
    /// A network or protocol failure reported by libcurl.
    case transfer(url: String, reason: String)
    /// A local file system operation failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidKey(let key, let reason): "invalid storage key \"\(key)\": \(reason)"
        case .notFound(let key): "no file stored under \"\(key)\""
        case .tooLarge(let limit): "larger than the limit of \(limit) bytes"
        case .empty: "the file is empty"
        case .contentNotAllowed(let detected, let allowed):
            "content \(detected ?? "of an unknown type") is not allowed (allowed: \(allowed.joined(separator: ", ")))"
        case .invalidArgument(let name, let reason): "invalid \(name): \(reason)"
        case .schemeNotAllowed(let url): "only http and https URLs may be fetched: \(url)"
        case .addressNotAllowed(let host, let address, let scope):
            "\(host) resolves to \(address), a \(scope) address the fetch policy refuses"
        case .tooManyRedirects(let url): "too many redirects fetching \(url)"
        case .timedOut(let url): "timed out transferring \(url)"
        case .httpStatus(let url, let status): "\(url) answered HTTP \(status)"
        case .s3(let status, let code, let message, let key):
            "S3 \(code) (HTTP \(status))" + (key.map { " for \"\($0)\"" } ?? "") + ": \(message)"
        case .transfer(let url, let reason): "transfer of \(url) failed: \(reason)"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
