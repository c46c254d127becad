import Foundation

/// A file type recognised by its first bytes ("magic numbers") — never by
/// the file name or the content type a client claims.
///
/// ```swift
/// ContentType.sniff(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))  // .png
/// UploadPolicy(allowedTypes: [.jpeg, .png, .webp])
/// ```
public struct ContentType: Sendable, Hashable, CustomStringConvertible {
    /// The media type (`image/png`).
    public var mimeType: String
    /// The extension generated keys get (`png`).
    public var fileExtension: String
    private var matches: @Sendable (Data) -> Bool

    public init(mimeType: String, fileExtension: String, matches: @escaping @Sendable (Data) -> Bool) {
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.matches = matches
    }

    public var description: String { mimeType }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.mimeType == rhs.mimeType }
    public func hash(into hasher: inout Hasher) { hasher.combine(mimeType) }

    /// How many leading bytes ``sniff(_:among:)`` needs at most.
    public static let sniffLength = 64

    /// The first type whose signature `header` starts with, among `candidates`.
    public static func sniff(_ header: Data, among candidates: [ContentType] = known) -> ContentType? {
        candidates.first { $0.matches(header) }
    }

    public static let jpeg = ContentType(mimeType: "image/jpeg", fileExtension: "jpg") { $0.starts(with: [0xFF, 0xD8, 0xFF]) }
    public static let png = ContentType(mimeType: "image/png", fileExtension: "png") {
        $0.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
    public static let gif = ContentType(mimeType: "image/gif", fileExtension: "gif") {
        $0.starts(with: Array("GIF87a".utf8)) || $0.starts(with: Array("GIF89a".utf8))
    }
    public static let webp = ContentType(mimeType: "image/webp", fileExtension: "webp") {
        $0.count >= 12 && $0.starts(with: Array("RIFF".utf8)) && $0.dropFirst(8).starts(with: Array("WEBP".utf8))
    }
    /// HEIC and AVIF: an ISO media file whose brand is an image brand.
    public static let heif = ContentType(mimeType: "image/heif", fileExtension: "heif") { data in
        guard data.count >= 12, data.dropFirst(4).starts(with: Array("ftyp".utf8)) else { return false }
        let brand = String(decoding: data.dropFirst(8).prefix(4), as: UTF8.self)
        return ["heic", "heix", "mif1", "msf1", "avif"].contains(brand)
    }
    public static let pdf = ContentType(mimeType: "application/pdf", fileExtension: "pdf") { $0.starts(with: Array("%PDF-".utf8)) }
    public static let zip = ContentType(mimeType: "application/zip", fileExtension: "zip") { $0.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
    public static let gzip = ContentType(mimeType: "application/gzip", fileExtension: "gz") { $0.starts(with: [0x1F, 0x8B]) }
    public static let mp4 = ContentType(mimeType: "video/mp4", fileExtension: "mp4") { data in
        guard data.count >= 12, data.dropFirst(4).starts(with: Array("ftyp".utf8)) else { return false }
        let brand = String(decoding: data.dropFirst(8).prefix(4), as: UTF8.self)
        return ["isom", "iso2", "mp41", "mp42", "avc1", "M4V "].contains(brand)
    }

    /// Every type Quarry recognises.
    public static let known: [ContentType] = [.jpeg, .png, .gif, .webp, .heif, .pdf, .zip, .gzip, .mp4]
    /// The image types `QuarryImages` can decode.
    public static let images: Set<ContentType> = [.jpeg, .png, .gif, .webp, .heif]
}
