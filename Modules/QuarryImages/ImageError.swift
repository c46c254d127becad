/// Why an image could not be read or processed; each case names the limit
/// or argument involved.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not an image libvips can decode.
    case notAnImage(reason: String)
    /// More pixels than ``ImageLimits/maximumPixels`` (a decompression bomb),
    /// found from the header before decoding.
    case tooManyPixels(width: Int, height: Int, pages: Int, limit: Int)
    /// More encoded bytes than ``ImageLimits/maximumBytes``.
    case tooLarge(bytes: Int64, limit: Int64)
    /// An operation's argument out of range, named.
    case invalidArgument(name: String, reason: String)
    /// libvips failed while processing.
    case processing(String)

    public var description: String {
        switch self {
        case .notAnImage(let reason): "not a decodable image: \(reason)"
        case .tooManyPixels(let width, let height, let pages, let limit):
            "\(width)×\(height)" + (pages > 1 ? "×\(pages) pages" : "") + " is more than the limit of \(limit) pixels"
        case .tooLarge(let bytes, let limit): "\(bytes) bytes is more than the limit of \(limit)"
        case .invalidArgument(let name, let reason): "invalid \(name): \(reason)"
        case .processing(let message): "image processing failed: \(message)"
        }
    }
}
