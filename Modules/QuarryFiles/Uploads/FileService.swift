import Crypto
import Foundation
import Quarry

/// Accepts uploads safely and keeps track of them: checks the size while
/// the bytes arrive and the type by their magic bytes (not the file name,
/// not the client's content type), stores them under a generated key (no
/// client-controlled paths), and records a ``StoredFile`` row.
///
/// Uploads stream: the body goes to a temporary file as it arrives (never
/// whole into memory) and from there to the storage; an upload of the wrong
/// type stops after its first bytes, one too large as soon as it passes
/// the limit, and leaves nothing behind.
///
/// ```swift
/// let files = FileService(storage: LocalStorage(root: filesDirectory), database: db,
///                         policy: UploadPolicy(maximumBytes: 5 << 20, allowedTypes: [.jpeg, .png]))
/// try await files.prepare()                                         // creates quarry_files
/// let avatar = try await files.upload(request.body, filename: "me.png")  // any AsyncSequence of bytes
/// for try await chunk in try await files.open(avatar) { … }
/// try await files.delete(avatar)
/// ```
public final class FileService: Sendable {
    public let storage: any FileStorage
    public let policy: UploadPolicy
    private let database: Database
    private let spoolDirectory: URL
    private let workers: BlockingWorkers

    /// - Parameters:
    ///   - storage: where the bytes go.
    ///   - database: where ``StoredFile`` rows go.
    ///   - policy: size, types and key prefix.
    ///   - spoolDirectory: where uploads wait while they arrive (default: the temporary directory).
    ///   - workers: threads for disk work (default: two of its own).
    public init(
        storage: any FileStorage, database: Database, policy: UploadPolicy = UploadPolicy(),
        spoolDirectory: URL = FileManager.default.temporaryDirectory, workers: BlockingWorkers? = nil
    ) {
        self.storage = storage
        self.database = database
        self.policy = policy
        self.spoolDirectory = spoolDirectory
        self.workers = workers ?? BlockingWorkers(name: "quarry.files.spool", count: 2)
    }

    /// Creates the ``StoredFile`` table when missing.
    public func prepare() async throws {
        try await database.createTables(StoredFile.self)
    }

    /// Stores an upload arriving as chunks of bytes (a request body).
    ///
    /// - Throws: ``FileError/tooLarge(limit:)``, ``FileError/empty``,
    ///   ``FileError/contentNotAllowed(detected:allowed:)``; nothing is stored then.
    public func upload<Body: AsyncSequence>(_ body: Body, filename: String? = nil) async throws -> StoredFile
    where Body.Element: DataProtocol {
        let spool = try await Spool.create(in: spoolDirectory, workers: workers)
        do {
            var header = Data()
            var hasher = SHA256()
            var pending = Data()
            var total: Int64 = 0
            var checked = false
            for try await chunk in body {
                total += Int64(chunk.count)
                guard total <= policy.maximumBytes else { throw FileError.tooLarge(limit: policy.maximumBytes) }
                let bytes = Data(chunk)
                if !checked {
                    header.append(bytes.prefix(ContentType.sniffLength - header.count))
                    if header.count >= ContentType.sniffLength {
                        _ = try allowedType(of: header)
                        checked = true
                    }
                }
                hasher.update(data: bytes)
                pending.append(bytes)
                if pending.count >= 256 << 10 {
                    try await spool.write(pending)
                    pending = Data()
                }
            }
            guard total > 0 else { throw FileError.empty }
            let type = try allowedType(of: header)
            try await spool.write(pending)
            try await spool.finish()
            let file = try await store(spool.path, type: type, size: total, sha256: hasher.finalize().hex, filename: filename)
            await spool.remove()
            return file
        } catch {
            await spool.remove()
            throw error
        }
    }

    /// Stores bytes in memory.
    public func upload(_ data: Data, filename: String? = nil) async throws -> StoredFile {
        try await upload(CollectionOfOne(data).async, filename: filename)
    }

    /// The stored bytes, streamed.
    public func open(_ file: StoredFile) async throws -> ByteStream {
        try await storage.read(file.key)
    }

    /// The record of a stored file.
    ///
    /// - Throws: `QuarryError.notFound` when there is none.
    public func file(id: UUID) async throws -> StoredFile {
        try await StoredFile.get(on: database, id: id)
    }

    /// Removes the record, then the bytes.
    public func delete(_ file: StoredFile) async throws {
        try await file.delete(on: database)
        try await storage.delete(file.key)
    }

    private func allowedType(of header: Data) throws -> ContentType {
        let allowed = Array(policy.allowedTypes).sorted { $0.mimeType < $1.mimeType }
        guard let type = ContentType.sniff(header, among: allowed) else {
            throw FileError.contentNotAllowed(detected: ContentType.sniff(header)?.mimeType, allowed: allowed.map(\.mimeType))
        }
        return type
    }

    private func store(_ path: URL, type: ContentType, size: Int64, sha256: String, filename: String?) async throws -> StoredFile {
        let key = StorageKey.generate(prefix: policy.keyPrefix, fileExtension: type.fileExtension)
        try await storage.write(key, from: .file(path), contentType: type.mimeType)
        let name = filename.map { String($0.replacingOccurrences(of: "\0", with: "").suffix(255)) }
        do {
            return try await StoredFile(key: key, originalName: name, contentType: type.mimeType, size: size, sha256: sha256)
                .insert(on: database)
        } catch {
            try? await storage.delete(key)
            throw error
        }
    }
}

/// A temporary file an upload is written to as it arrives.
private final class Spool: Sendable {
    let path: URL
    private let handle: FileHandle
    private let workers: BlockingWorkers

    private init(path: URL, handle: FileHandle, workers: BlockingWorkers) {
        self.path = path
        self.handle = handle
        self.workers = workers
    }

    static func create(in directory: URL, workers: BlockingWorkers) async throws -> Spool {
        let path = directory.appendingPathComponent("quarry-upload-\(UUID().uuidString)")
        let handle = try await workers.run { () throws -> FileHandle in
            guard FileManager.default.createFile(atPath: path.path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path.path)
            else { throw FileError.io(path: path.path, reason: "cannot create the upload's temporary file") }
            return handle
        }
        return Spool(path: path, handle: handle, workers: workers)
    }

    func write(_ data: Data) async throws {
        guard !data.isEmpty else { return }
        try await workers.run { try handle.write(contentsOf: data) }
    }

    func finish() async throws {
        try await workers.run { try handle.close() }
    }

    func remove() async {
        _ = try? await workers.run {
            try? handle.close()
            try? FileManager.default.removeItem(at: path)
        }
    }
}

extension Collection where Self: Sendable, Element: Sendable {
    /// The collection as an async sequence.
    fileprivate var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
