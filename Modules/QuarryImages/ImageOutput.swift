/// An encoded image format QuarryImages writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp

    public var mimeType: String { "image/\(rawValue)" }
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
}

/// How a processed image is encoded.
///
/// ```swift
/// .jpeg(quality: 82)                 // metadata stripped (the default)
/// .webp(quality: 75, lossless: false)
/// .png(stripMetadata: false)         // keeps EXIF, ICC, XMP
/// ```
public struct ImageOutput: Sendable, Hashable {
    public var format: ImageFormat
    /// 1–100 (JPEG, lossy WebP).
    public var quality: Int
    /// Lossless WebP.
    public var lossless: Bool
    /// Drops EXIF (camera, GPS position), XMP, IPTC and comments.
    public var stripMetadata: Bool

    public init(format: ImageFormat, quality: Int = 80, lossless: Bool = false, stripMetadata: Bool = true) {
        self.format = format
        self.quality = quality
        self.lossless = lossless
        self.stripMetadata = stripMetadata
    }

    public static func jpeg(quality: Int = 80, stripMetadata: Bool = true) -> ImageOutput {
        ImageOutput(format: .jpeg, quality: quality, stripMetadata: stripMetadata)
    }

    public static func png(stripMetadata: Bool = true) -> ImageOutput {
        ImageOutput(format: .png, stripMetadata: stripMetadata)
    }

    public static func webp(quality: Int = 80, lossless: Bool = false, stripMetadata: Bool = true) -> ImageOutput {
        ImageOutput(format: .webp, quality: quality, lossless: lossless, stripMetadata: stripMetadata)
    }

    func validated() throws -> ImageOutput {
        guard (1...100).contains(quality) else {
            throw ImageError.invalidArgument(name: "quality", reason: "must be 1–100, got \(quality)")
        }
        return self
    }
}
