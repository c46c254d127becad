/// What ``FileService`` accepts: the most bytes, the types (by content),
/// and where generated keys go.
///
/// ```swift
/// let avatars = UploadPolicy(maximumBytes: 2 << 20, allowedTypes: [.jpeg, .png, .webp], keyPrefix: "avatars")
/// ```
public struct UploadPolicy: Sendable {
    /// Larger uploads stop with ``FileError/tooLarge(limit:)`` as soon as the limit is passed.
    public var maximumBytes: Int64
    /// Types recognised from the bytes that may be stored.
    public var allowedTypes: Set<ContentType>
    /// The first segment of generated keys.
    public var keyPrefix: String

    public init(maximumBytes: Int64 = 10 << 20, allowedTypes: Set<ContentType> = ContentType.images, keyPrefix: String = "uploads") {
        self.maximumBytes = maximumBytes
        self.allowedTypes = allowedTypes
        self.keyPrefix = keyPrefix
    }
}
