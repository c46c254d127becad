import Crypto
import Foundation
import Quarry

#if canImport(Glibc)
import Glibc
#endif

/// Files in a directory on this machine.
///
/// Writes are atomic (a temporary file, synced, then renamed); with
/// `shardLevels` the files spread over `root/ab/cd/…` directories named by a
/// hash of the key, so no directory grows huge. Keys are validated, so no
/// key reaches outside `root`. Disk work runs on worker threads.
///
/// ```swift
/// let storage = LocalStorage(root: URL(fileURLWithPath: "/var/lib/app/files"), shardLevels: 2)
/// try await storage.write("avatars/ada.png", from: .file(upload), contentType: "image/png")
/// // stored at /var/lib/app/files/3f/a9/avatars/ada.png
/// ```
public final class LocalStorage: FileStorage {
    /// The directory holding every file.
    public let root: URL
    /// Hash-named directory levels above each key (0–3).
    public let shardLevels: Int
    private let workers: BlockingWorkers

    /// - Parameters:
    ///   - root: the directory (created when missing).
    ///   - shardLevels: hash-named directory levels above each key, 0–3.
    ///   - workers: the threads disk work runs on (default: two of its own).
    public init(root: URL, shardLevels: Int = 0, workers: BlockingWorkers? = nil) {
        precondition((0...3).contains(shardLevels), "shardLevels is 0…3")
        self.root = root.standardizedFileURL
        self.shardLevels = shardLevels
        self.workers = workers ?? BlockingWorkers(name: "quarry.files.local", count: 2)
    }

    /// The file a key is stored in.
    public func path(for key: String) throws -> URL {
        try StorageKey.validate(key)
        var directory = root
        if shardLevels > 0 {
            let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }
            for level in 0..<shardLevels { directory.appendPathComponent(digest[level], isDirectory: true) }
        }
        return directory.appendingPathComponent(key)
    }

    @discardableResult
    public func write(_ key: String, from source: FileSource, contentType: String? = nil) async throws -> StoredObject {
        let path = try path(for: key)
        return try await workers.run {
            let size = try AtomicFileWriter.write(to: path) { handle -> Int64 in
                switch source {
                case .data(let data):
                    try handle.write(contentsOf: data)
                    return Int64(data.count)
                case .file(let file):
                    return try AtomicFileWriter.copy(from: file, into: handle)
                }
            }
            return StoredObject(key: key, size: size, contentType: contentType, lastModified: Date())
        }
    }

    public func read(_ key: String) async throws -> ByteStream {
        let path = try path(for: key)
        let handle = try await workers.run { () throws -> FileHandle in
            guard let handle = FileHandle(forReadingAtPath: path.path) else { throw FileError.notFound(key: key) }
            return handle
        }
        let box = UncheckedFileHandle(handle)
        return workers.stream { channel in
            defer { try? box.handle.close() }
            while let chunk = try box.handle.read(upToCount: 256 << 10), !chunk.isEmpty {
                guard channel.send(chunk) else { throw CancellationError() }
            }
        }
    }

    @discardableResult
    public func download(_ key: String, to destination: URL) async throws -> Int64 {
        let path = try path(for: key)
        return try await workers.run {
            guard FileManager.default.fileExists(atPath: path.path) else { throw FileError.notFound(key: key) }
            return try AtomicFileWriter.write(to: destination) { try AtomicFileWriter.copy(from: path, into: $0) }
        }
    }

    public func delete(_ key: String) async throws {
        let path = try path(for: key)
        try await workers.run {
            guard unlink(path.path) == 0 || errno == ENOENT else {
                throw FileError.io(path: path.path, reason: String(cString: strerror(errno)))
            }
        }
    }

    public func head(_ key: String) async throws -> StoredObject? {
        let path = try path(for: key)
        return try await workers.run { Self.object(key: key, at: path) }
    }

    public func list(prefix: String = "", after: String? = nil, limit: Int = 1000) async throws -> [StoredObject] {
        try StorageKey.validatePrefix(prefix)
        guard limit > 0 else { throw FileError.invalidArgument(name: "limit", reason: "must be positive, got \(limit)") }
        let root = root, levels = shardLevels
        return try await workers.run {
            var keys: [(String, URL)] = []
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            while let url = enumerator?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(root.path.count + 1)
                let key = relative.split(separator: "/").dropFirst(levels).joined(separator: "/")
                guard key.hasPrefix(prefix), after.map({ key > $0 }) ?? true else { continue }
                keys.append((key, url))
            }
            keys.sort { $0.0 < $1.0 }
            return keys.prefix(limit).compactMap { Self.object(key: $0.0, at: $0.1) }
        }
    }

    private static func object(key: String, at path: URL) -> StoredObject? {
        var info = stat()
        guard stat(path.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return StoredObject(key: key, size: Int64(info.st_size), lastModified: modified)
    }
}

/// A file handle read by one producer thread at a time.
private final class UncheckedFileHandle: @unchecked Sendable {
    // @unchecked Sendable: handed once to the stream's producer, which is
    // the only code that touches it afterwards.
    let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }
}
