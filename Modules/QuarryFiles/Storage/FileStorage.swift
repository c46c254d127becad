import Foundation

/// Where file bytes live: a directory (``LocalStorage``) or an S3 bucket
/// (``S3Storage``). Every key is checked by ``StorageKey/validate(_:)``;
/// reads stream (``ByteStream``) and writes take bytes from memory or from
/// a file, so no operation needs a whole file in memory.
///
/// ```swift
/// let storage: any FileStorage = LocalStorage(root: URL(fileURLWithPath: "/var/lib/app/files"))
/// _ = try await storage.write("notes/a.txt", from: .data(Data("hi".utf8)), contentType: "text/plain")
/// let text = try await storage.read("notes/a.txt").collect(upTo: 1 << 20)
/// ```
public protocol FileStorage: Sendable {
    /// Stores `source` under `key`, replacing what was there; readers see
    /// the old object or the new one, never a part.
    @discardableResult
    func write(_ key: String, from source: FileSource, contentType: String?) async throws -> StoredObject

    /// The object's bytes as they arrive.
    ///
    /// - Throws: ``FileError/notFound(key:)``.
    func read(_ key: String) async throws -> ByteStream

    /// Writes the object into a local file (atomically); returns its size.
    ///
    /// - Throws: ``FileError/notFound(key:)``.
    @discardableResult
    func download(_ key: String, to path: URL) async throws -> Int64

    /// Removes the object; removing a missing key is not an error.
    func delete(_ key: String) async throws

    /// The object's size and metadata, or nil when there is none.
    func head(_ key: String) async throws -> StoredObject?

    /// Objects whose keys start with `prefix`, in key order, after `after`
    /// (exclusive), at most `limit`.
    func list(prefix: String, after: String?, limit: Int) async throws -> [StoredObject]
}

/// Where the bytes of a write come from.
public enum FileSource: Sendable {
    /// Bytes in memory.
    case data(Data)
    /// A local file, read as it is sent.
    case file(URL)
}

/// An object in a ``FileStorage``.
public struct StoredObject: Sendable, Hashable {
    public var key: String
    /// Bytes.
    public var size: Int64
    /// The content type stored with it (S3); nil where the storage keeps none.
    public var contentType: String?
    /// The storage's version tag (S3's ETag), without quotes.
    public var etag: String?
    public var lastModified: Date?

    public init(key: String, size: Int64, contentType: String? = nil, etag: String? = nil, lastModified: Date? = nil) {
        self.key = key
        self.size = size
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
    }
}
