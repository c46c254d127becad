import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import QuarryFiles
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// Which storage a case runs on: a temporary directory, or a fresh bucket
/// on the suite's S3 (moto, checking signatures).
enum StorageKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case local, s3
    var testDescription: String { rawValue }

    func make() async throws -> any FileStorage {
        switch self {
        case .local: LocalStorage(root: temporaryDirectory(), shardLevels: 2)
        case .s3: try await TestS3.storage()
        }
    }
}

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("quarry-files-\(UUID().uuidString)")
}

/// `count` bytes from /dev/urandom.
func randomBytes(_ count: Int) -> Data {
    let random = FileHandle(forReadingAtPath: "/dev/urandom")!
    defer { try? random.close() }
    return (try? random.read(upToCount: count)) ?? Data()
}

/// A file of `megabytes` MiB of random bytes, written 1 MiB at a time; returns its SHA-256.
func writeRandomFile(_ url: URL, megabytes: Int) throws -> String {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    var hasher = SHA256()
    for _ in 0..<megabytes {
        let chunk = randomBytes(1 << 20)
        hasher.update(data: chunk)
        try handle.write(contentsOf: chunk)
    }
    try handle.close()
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

func sha256(of url: URL) throws -> String {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

@Suite("FileStorage: LocalStorage and S3Storage (moto with signature checking)")
struct StorageTests {
    @Test("write, head, read (streamed), list, delete: byte-exact round trips", arguments: StorageKind.allCases)
    func roundTrip(_ kind: StorageKind) async throws {
        try await roundTripScenario(try await kind.make())
    }

    @Test("keys that could escape the root are refused by every operation, before any I/O", arguments: StorageKind.allCases)
    func traversal(_ kind: StorageKind) async throws {
        try await traversalScenario(try await kind.make())
    }

    @Test("a 50 MB file goes up as a multipart upload, streamed from disk, and comes back byte-exact")
    func multipart() async throws {
        try await multipartScenario()
    }

    @Test("a presigned URL works with a plain HTTP client (its signature is checked against AWS's example in S3SignerTests)")
    func presigned() async throws {
        try await presignedScenario()
    }

    @Test("the server checks signatures: a wrong secret key is refused with SignatureDoesNotMatch")
    func wrongSecret() async throws {
        let storage = try S3Storage(try TestS3.configuration(secretKey: "not-the-secret"))
        await #expect {
            try await storage.write("a.txt", from: .data(Data("x".utf8)), contentType: nil)
        } throws: { error in
            guard case FileError.s3(403, let code, _, _) = error else { return false }
            return code == "SignatureDoesNotMatch"
        }
    }

    @Test("LocalStorage: sharded paths under the root; a failed write leaves no file and no temporary file")
    func localAtomic() async throws {
        try await localAtomicScenario()
    }

    @Test("S3 settings out of range are refused, naming the setting")
    func s3Configuration() throws {
        let server = try TestS3.server()
        let base = S3Configuration(endpoint: server.endpoint, bucket: "ok-bucket", accessKey: "a", secretKey: "b")
        var small = base
        small.partSize = 1 << 20
        var bucket = base
        bucket.bucket = "Bad_Bucket"
        var endpoint = base
        endpoint.endpoint = "ftp://example.com"
        for (configuration, name) in [(small, "partSize"), (bucket, "bucket"), (endpoint, "endpoint")] {
            #expect { _ = try S3Storage(configuration) } throws: { error in
                guard case FileError.invalidArgument(let argument, _) = error else { return false }
                return argument == name
            }
        }
    }
}

private func roundTripScenario(_ storage: any FileStorage) async throws {
    let data = randomBytes(700_000)
    let written = try await storage.write("docs/report.bin", from: .data(data), contentType: "application/octet-stream")
    #expect(written.size == 700_000)
    _ = try await storage.write("docs/notes.txt", from: .data(Data("hello".utf8)), contentType: "text/plain")
    _ = try await storage.write("images/a.png", from: .data(Data("png".utf8)), contentType: "image/png")

    let head = try #require(try await storage.head("docs/report.bin"))
    #expect(head.size == 700_000)
    #expect(try await storage.head("docs/missing.bin") == nil)

    var chunks = 0
    var received = Data()
    for try await chunk in try await storage.read("docs/report.bin") {
        chunks += 1
        received.append(chunk)
    }
    #expect(received == data, "byte-exact")
    #expect(chunks > 1, "the body arrives in chunks, not as one buffer")

    // "docs", not "docs/" (and `after` values without a slash): moto 5.2.1
    // checks the signature of a query whose values hold reserved characters
    // against their decoded form, and refuses AWS's own SDK's signatures
    // for them too.
    let listed = try await storage.list(prefix: "docs", after: nil, limit: 10)
    #expect(listed.map(\.key) == ["docs/notes.txt", "docs/report.bin"])
    #expect(listed.last?.size == 700_000)
    #expect(try await storage.list(prefix: "", after: "docs", limit: 1).map(\.key) == ["docs/notes.txt"])
    #expect(try await storage.list(prefix: "", after: "e", limit: 5).map(\.key) == ["images/a.png"])

    let target = temporaryDirectory().appendingPathComponent("copy.bin")
    #expect(try await storage.download("docs/report.bin", to: target) == 700_000)
    #expect(try Data(contentsOf: target) == data)

    // Replacing is whole: the new bytes, the new size.
    _ = try await storage.write("docs/notes.txt", from: .data(Data("replaced".utf8)), contentType: "text/plain")
    #expect(try await storage.read("docs/notes.txt").collect(upTo: 100) == Data("replaced".utf8))

    try await storage.delete("docs/report.bin")
    try await storage.delete("docs/report.bin")  // deleting twice is fine
    #expect(try await storage.head("docs/report.bin") == nil)
    await #expect(throws: FileError.notFound(key: "docs/report.bin")) { _ = try await storage.read("docs/report.bin") }
    await #expect(throws: FileError.notFound(key: "docs/report.bin")) { _ = try await storage.download("docs/report.bin", to: target) }
    await #expect(throws: FileError.tooLarge(limit: 3)) { _ = try await storage.read("docs/notes.txt").collect(upTo: 3) }
}

private func traversalScenario(_ storage: any FileStorage) async throws {
    for key in ["../escape.txt", "/etc/passwd", "a/../../b", "a/./b", ".hidden"] {
        await #expect(throws: FileError.self, "\(key)") { _ = try await storage.write(key, from: .data(Data("x".utf8)), contentType: nil) }
        await #expect(throws: FileError.self, "\(key)") { _ = try await storage.read(key) }
        await #expect(throws: FileError.self, "\(key)") { _ = try await storage.head(key) }
        await #expect(throws: FileError.self, "\(key)") { try await storage.delete(key) }
    }
    await #expect(throws: FileError.self) { _ = try await storage.list(prefix: "../", after: nil, limit: 10) }
    #expect(try await storage.list(prefix: "", after: nil, limit: 10).isEmpty, "nothing was written anywhere")
}

private func multipartScenario() async throws {
    let storage = try await TestS3.storage()
    let directory = temporaryDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = directory.appendingPathComponent("big.bin")
    let digest = try writeRandomFile(source, megabytes: 50)

    let started = ContinuousClock.now
    let stored = try await storage.write("videos/big.bin", from: .file(source), contentType: "application/octet-stream")
    let elapsed = ContinuousClock.now - started
    #expect(stored.size == 50 << 20)
    // A multipart object's ETag is "<md5 of the part md5s>-<part count>": 50 MiB in 8 MiB parts is 7.
    #expect(stored.etag?.hasSuffix("-7") == true, "ETag \(stored.etag ?? "nil")")
    #expect(try await storage.head("videos/big.bin")?.size == 50 << 20)

    let copy = directory.appendingPathComponent("copy.bin")
    #expect(try await storage.download("videos/big.bin", to: copy) == 50 << 20)
    #expect(try sha256(of: copy) == digest, "byte-exact after a multipart upload")
    print("multipart: 50 MiB up in \(elapsed)")
}

private func presignedScenario() async throws {
    try await TestS3.withOpenServer(presignedOnServer)
}

private func presignedOnServer(_ endpoint: String) async throws {
    let storage = try S3Storage(S3Configuration(endpoint: endpoint, bucket: "presigned", accessKey: "AKIAOPEN", secretKey: "open"))
    try await storage.createBucket()
    let data = randomBytes(100_000)
    _ = try await storage.write("shared/file.bin", from: .data(data), contentType: "application/octet-stream")
    let url = try storage.presignedURL(for: "shared/file.bin", expiresIn: .seconds(600))
    let query = try #require(url.query)
    #expect(url.path == "/presigned/shared/file.bin")
    #expect(query.contains("X-Amz-Expires=600") && query.contains("X-Amz-SignedHeaders=host"))
    #expect(query.contains("X-Amz-Credential=AKIAOPEN%2F") && query.contains("%2Fus-east-1%2Fs3%2Faws4_request"))

    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    defer { _ = client.shutdown() }
    let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(10))
    #expect(response.status == .ok)
    #expect(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView) == data, "a plain client, no credentials, the same bytes")

    #expect(throws: FileError.invalidArgument(name: "expiresIn", reason: "must be 1 second to 7 days, got 691200 s")) {
        _ = try storage.presignedURL(for: "shared/file.bin", expiresIn: .seconds(8 * 86400))
    }
}

private func localAtomicScenario() async throws {
    let root = temporaryDirectory()
    let storage = LocalStorage(root: root, shardLevels: 2)
    let stored = try await storage.write("avatars/ada.png", from: .data(Data("png".utf8)), contentType: nil)
    #expect(stored.size == 3)
    let path = try storage.path(for: "avatars/ada.png")
    #expect(FileManager.default.fileExists(atPath: path.path))
    let relative = path.path.dropFirst(root.path.count + 1).split(separator: "/")
    #expect(relative.count == 4 && relative[0].count == 2 && relative[1].count == 2, "root/ab/cd/avatars/ada.png: \(relative)")

    let missing = root.appendingPathComponent("no-such-source.bin")
    await #expect(throws: FileError.self) { _ = try await storage.write("avatars/broken.png", from: .file(missing), contentType: nil) }
    #expect(try await storage.head("avatars/broken.png") == nil)
    let leftovers = FileManager.default.enumerator(atPath: root.path)?.allObjects.compactMap { $0 as? String } ?? []
    #expect(leftovers.filter { $0.hasSuffix(".partial") }.isEmpty, "no temporary file left: \(leftovers)")
    #expect(try await storage.list(prefix: "avatars/", after: nil, limit: 10).map(\.key) == ["avatars/ada.png"])
}
