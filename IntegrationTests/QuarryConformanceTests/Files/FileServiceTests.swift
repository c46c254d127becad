import Foundation
import Quarry
import QuarryFiles
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// An upload arriving in chunks of `size` bytes, like a request body.
private func chunked(_ data: Data, size: Int = 7_000) -> AsyncStream<Data> {
    AsyncStream { continuation in
        var offset = 0
        while offset < data.count {
            continuation.yield(data.subdata(in: offset..<min(data.count, offset + size)))
            offset += size
        }
        continuation.finish()
    }
}

/// Every object in a storage.
private func objects(_ storage: any FileStorage) async throws -> [String] {
    try await storage.list(prefix: "", after: nil, limit: 1000).map(\.key)
}

@Suite("FileService: validated uploads stored under generated keys, recorded as StoredFile rows")
struct FileServiceTests {
    @Test("an image upload streamed in chunks: type from its bytes, generated key, size and SHA-256 recorded, read back exact",
          arguments: TestDatabase.all, StorageKind.allCases)
    func upload(_ database: TestDatabase, _ kind: StorageKind) async throws {
        let storage = try await kind.make()
        try await database.withDatabase(.init()) { try await uploadScenario($0, storage) }
    }

    @Test("a fake image, a too-large or an empty upload is refused, and nothing is stored or recorded", arguments: TestDatabase.all)
    func refused(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), refusedScenario)
    }
}

private func uploadScenario(_ db: Database, _ storage: any FileStorage) async throws {
    let files = FileService(storage: storage, database: db, policy: UploadPolicy(maximumBytes: 1 << 20, keyPrefix: "avatars"))
    try await files.prepare()
    let photo = try fixtureImage("photo.jpg")

    // The client calls it a text file in a parent directory: neither matters.
    let stored = try await files.upload(chunked(photo), filename: "../../evil.txt")
    #expect(stored.contentType == "image/jpeg")
    #expect(stored.size == Int64(photo.count))
    #expect(stored.sha256 == S3Signer.hash(photo))
    #expect(stored.originalName == "../../evil.txt", "kept for display only")
    #expect(stored.key.hasPrefix("avatars/") && stored.key.hasSuffix(".jpg") && !stored.key.contains(".."))
    try StorageKey.validate(stored.key)

    let row = try await files.file(id: stored.id)
    #expect(row.key == stored.key)
    #expect(row.createdAt != nil)
    #expect(try await files.open(row).collect(upTo: 1 << 20) == photo)
    #expect(try await objects(storage) == [stored.key])

    let png = try await files.upload(try fixtureImage("logo.png"), filename: "logo.png")
    #expect(png.contentType == "image/png" && png.key.hasSuffix(".png"))
    #expect(try await StoredFile.count(on: db) == 2)

    try await files.delete(stored)
    #expect(try await StoredFile.find(on: db, id: stored.id) == nil)
    #expect(try await objects(storage) == [png.key])
}

private func refusedScenario(_ db: Database) async throws {
    let storage = LocalStorage(root: temporaryDirectory())
    let spool = temporaryDirectory()
    try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
    let files = FileService(
        storage: storage, database: db, policy: UploadPolicy(maximumBytes: 100_000, allowedTypes: [.jpeg, .png]), spoolDirectory: spool)
    try await files.prepare()

    await #expect(throws: FileError.contentNotAllowed(detected: nil, allowed: ["image/jpeg", "image/png"])) {
        _ = try await files.upload(try fixtureImage("not-an-image.jpg"), filename: "cat.jpg")
    }
    var gif = Data("GIF89a".utf8)
    gif.append(randomBytes(200))
    await #expect(throws: FileError.contentNotAllowed(detected: "image/gif", allowed: ["image/jpeg", "image/png"])) {
        _ = try await files.upload(gif, filename: "cat.jpg")
    }

    // A JPEG header followed by more than the limit: refused once the limit
    // is passed, without reading the rest.
    var big = try fixtureImage("photo.jpg")
    big.append(randomBytes(200_000))
    let consumed = Counter()
    let body = AsyncStream<Data> { continuation in
        for chunk in stride(from: 0, to: big.count, by: 10_000) {
            continuation.yield(big.subdata(in: chunk..<min(big.count, chunk + 10_000)))
        }
        continuation.finish()
    }.map { chunk -> Data in
        consumed.add(chunk.count)
        return chunk
    }
    await #expect(throws: FileError.tooLarge(limit: 100_000)) { _ = try await files.upload(body, filename: "big.jpg") }
    #expect(consumed.value <= 110_000, "stopped reading at the limit: \(consumed.value) bytes")

    await #expect(throws: FileError.empty) { _ = try await files.upload(Data(), filename: "empty.jpg") }

    #expect(try await StoredFile.count(on: db) == 0)
    #expect(try await objects(storage).isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty, "no spooled upload left behind")
}

/// A count shared with a sequence's transform.
private final class Counter: Sendable {
    private let total = Mutex(0)
    func add(_ count: Int) { total.withLock { $0 += count } }
    var value: Int { total.withLock { $0 } }
}
