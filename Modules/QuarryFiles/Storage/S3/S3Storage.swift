import Foundation
import Quarry

/// Objects in an S3 bucket (AWS, or an S3-compatible server on path-style
/// URLs), over libcurl with AWS Signature Version 4.
///
/// Files at least ``S3Configuration/multipartThreshold`` large go up as a
/// multipart upload, parts read from disk as they are sent (several at once),
/// aborted on failure; reads stream. Transfers run on worker threads of their
/// own, never on the cooperative pool; cancelling the calling task stops them.
///
/// ```swift
/// let s3 = try S3Storage(S3Configuration(endpoint: "http://127.0.0.1:9000", bucket: "files",
///                                        accessKey: "…", secretKey: "…"))
/// try await s3.createBucket()
/// try await s3.write("reports/2026.pdf", from: .file(report), contentType: "application/pdf")
/// let link = try s3.presignedURL(for: "reports/2026.pdf", expiresIn: .seconds(600))
/// ```
public final class S3Storage: FileStorage {
    public let configuration: S3Configuration
    private let signer: S3Signer
    private let workers: BlockingWorkers
    private let scheme: String
    private let host: String
    private let basePath: String

    /// - Parameters:
    ///   - configuration: endpoint, bucket, credentials, multipart settings.
    ///   - workers: the threads transfers run on (default: `uploadConcurrency` of its own).
    /// - Throws: ``FileError/invalidArgument(name:reason:)`` naming a bad setting.
    public init(_ configuration: S3Configuration, workers: BlockingWorkers? = nil) throws {
        let configuration = try configuration.validated()
        self.configuration = configuration
        signer = S3Signer(
            accessKey: configuration.accessKey, secretKey: configuration.secretKey, sessionToken: configuration.sessionToken,
            region: configuration.region)
        self.workers = workers ?? BlockingWorkers(name: "quarry.files.s3", count: max(2, configuration.uploadConcurrency))
        let url = URL(string: configuration.endpoint)!
        scheme = url.scheme!
        let port = url.port.map { ":\($0)" } ?? ""
        host = (configuration.pathStyle ? "" : "\(configuration.bucket).") + url.host! + port
        let prefix = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        basePath = prefix + (configuration.pathStyle ? "/\(configuration.bucket)" : "")
    }

    /// Creates the bucket; one that exists and is yours already is fine.
    public func createBucket() async throws {
        var body = Data()
        if configuration.region != "us-east-1" {
            body = Data(("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + S3XML.element("LocationConstraint", configuration.region) + "</CreateBucketConfiguration>").utf8)
        }
        let reply = try await send(S3Request(method: "PUT", key: nil, body: .data(body)), accepting: [409])
        if reply.status == 409, S3XML(reply.body)["Code"] != "BucketAlreadyOwnedByYou" {
            throw Self.error(reply, key: nil)
        }
    }

    @discardableResult
    public func write(_ key: String, from source: FileSource, contentType: String? = nil) async throws -> StoredObject {
        try StorageKey.validate(key)
        var headers: [String: String] = [:]
        if let contentType { headers["Content-Type"] = contentType }
        switch source {
        case .data(let data):
            let reply = try await send(S3Request(method: "PUT", key: key, headers: headers, body: .data(data)))
            return StoredObject(key: key, size: Int64(data.count), contentType: contentType, etag: reply.etag, lastModified: Date())
        case .file(let file):
            let size = try await workers.run { () throws -> Int64 in
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                      let size = attributes[.size] as? NSNumber
                else { throw FileError.io(path: file.path, reason: "cannot be read") }
                return size.int64Value
            }
            if size >= configuration.multipartThreshold {
                return try await writeMultipart(key, file: file, size: size, headers: headers)
            }
            let reply = try await send(S3Request(method: "PUT", key: key, headers: headers, body: .file(file, offset: 0, length: size)))
            return StoredObject(key: key, size: size, contentType: contentType, etag: reply.etag, lastModified: Date())
        }
    }

    public func read(_ key: String) async throws -> ByteStream {
        try StorageKey.validate(key)
        let request = try prepare(S3Request(method: "GET", key: key))
        let timeout = configuration.timeout
        let stream = workers.stream { channel in
            _ = try Self.receive(request, key: key, timeout: timeout) { chunk in
                guard channel.send(Data(chunk)) else { throw CancellationError() }
            }
        }
        try await stream.ready()
        return stream
    }

    @discardableResult
    public func download(_ key: String, to destination: URL) async throws -> Int64 {
        try StorageKey.validate(key)
        let request = try prepare(S3Request(method: "GET", key: key))
        let timeout = configuration.timeout
        return try await workers.run {
            try AtomicFileWriter.write(to: destination) { handle in
                try Self.receive(request, key: key, timeout: timeout) { try handle.write(contentsOf: $0) }
            }
        }
    }

    public func delete(_ key: String) async throws {
        try StorageKey.validate(key)
        _ = try await send(S3Request(method: "DELETE", key: key), accepting: [404])
    }

    public func head(_ key: String) async throws -> StoredObject? {
        try StorageKey.validate(key)
        let reply = try await send(S3Request(method: "HEAD", key: key), accepting: [404])
        guard reply.status != 404 else { return nil }
        return StoredObject(
            key: key, size: reply.headers["content-length"].flatMap { Int64($0) } ?? 0,
            contentType: reply.headers["content-type"], etag: reply.etag,
            lastModified: reply.headers["last-modified"].flatMap { Self.httpDate.date(from: $0) })
    }

    public func list(prefix: String = "", after: String? = nil, limit: Int = 1000) async throws -> [StoredObject] {
        try StorageKey.validatePrefix(prefix)
        guard limit > 0 else { throw FileError.invalidArgument(name: "limit", reason: "must be positive, got \(limit)") }
        var objects: [StoredObject] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(min(1000, limit - objects.count)))]
            if let token { query.append(("continuation-token", token)) } else if let after { query.append(("start-after", after)) }
            let reply = try await send(S3Request(method: "GET", key: nil, query: query))
            let xml = S3XML(reply.body, record: "Contents")
            for record in xml.records {
                guard let key = record["Key"] else { continue }
                objects.append(StoredObject(
                    key: key, size: record["Size"].flatMap { Int64($0) } ?? 0,
                    etag: record["ETag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) },
                    lastModified: record["LastModified"].flatMap { Self.isoDate($0) }))
            }
            token = xml["IsTruncated"] == "true" ? xml["NextContinuationToken"] : nil
        } while token != nil && objects.count < limit
        return objects
    }

    /// A URL anyone may use to `method` the object until it expires — a
    /// plain HTTP client needs no credentials.
    ///
    /// - Parameters:
    ///   - key: the object's storage key.
    ///   - expiresIn: 1 second to 7 days (S3's limit).
    ///   - method: the HTTP method the URL allows (`GET` to download, `PUT` to upload).
    public func presignedURL(for key: String, expiresIn: Duration = .seconds(3600), method: String = "GET") throws -> URL {
        try StorageKey.validate(key)
        let seconds = Int(expiresIn.components.seconds)
        guard (1...604_800).contains(seconds) else {
            throw FileError.invalidArgument(name: "expiresIn", reason: "must be 1 second to 7 days, got \(seconds) s")
        }
        let path = basePath + "/" + S3Signer.encodePath(key)
        let query = signer.presignedQuery(method: method, host: host, path: path, query: [], expires: seconds)
        return URL(string: "\(scheme)://\(host)\(path)?\(query)")!
    }

    // MARK: - Multipart

    private func writeMultipart(_ key: String, file: URL, size: Int64, headers: [String: String]) async throws -> StoredObject {
        // libcurl labels a POST body a form unless told otherwise; the
        // object's type is the initiating request's Content-Type.
        var initiate = headers
        initiate["Content-Type"] = headers["Content-Type"] ?? "application/octet-stream"
        let created = try await send(S3Request(method: "POST", key: key, query: [("uploads", "")], headers: initiate, body: .data(Data())))
        guard let uploadID = S3XML(created.body)["UploadId"], !uploadID.isEmpty else {
            throw FileError.s3(status: created.status, code: "MissingUploadId", message: "no UploadId in the answer", key: key)
        }
        do {
            let partSize = configuration.partSize
            let count = Int((size + partSize - 1) / partSize)
            let etags = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var etags = [String](repeating: "", count: count)
                var next = 1
                func addPart(_ number: Int) {
                    let offset = Int64(number - 1) * partSize
                    let request = S3Request(
                        method: "PUT", key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                        body: .file(file, offset: offset, length: min(partSize, size - offset)))
                    group.addTask {
                        let reply = try await self.send(request)
                        guard let etag = reply.headers["etag"] else {
                            throw FileError.s3(status: reply.status, code: "MissingETag", message: "part \(number) has no ETag", key: key)
                        }
                        return (number, etag)
                    }
                }
                while next <= min(count, configuration.uploadConcurrency) {
                    addPart(next)
                    next += 1
                }
                while let (number, etag) = try await group.next() {
                    etags[number - 1] = etag
                    if next <= count {
                        addPart(next)
                        next += 1
                    }
                }
                return etags
            }
            let parts = etags.enumerated().map { index, etag in
                "<Part>" + S3XML.element("PartNumber", String(index + 1)) + S3XML.element("ETag", etag) + "</Part>"
            }
            let body = "<CompleteMultipartUpload>" + parts.joined() + "</CompleteMultipartUpload>"
            let completed = try await send(S3Request(
                method: "POST", key: key, query: [("uploadId", uploadID)], headers: ["Content-Type": "application/xml"],
                body: .data(Data(body.utf8))))
            // S3 may answer 200 with an error document once the parts are checked.
            let xml = S3XML(completed.body)
            if let code = xml["Code"] {
                throw FileError.s3(status: completed.status, code: code, message: xml["Message"] ?? "", key: key)
            }
            return StoredObject(
                key: key, size: size, contentType: headers["Content-Type"],
                etag: xml["ETag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }, lastModified: Date())
        } catch {
            // Best effort: S3 keeps (and bills) the parts of an upload never completed or aborted.
            _ = try? await send(S3Request(method: "DELETE", key: key, query: [("uploadId", uploadID)]), accepting: [404])
            throw error
        }
    }

    // MARK: - Requests

    /// Performs a GET on the calling (worker) thread, handing a 2xx body to
    /// `sink` as it arrives and keeping an error answer's body for the error.
    ///
    /// - Returns: the body bytes received.
    private static func receive(
        _ request: PreparedRequest, key: String, timeout: Duration, into sink: @escaping (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int64 {
        let transfer = try request.transfer(timeout: timeout)
        var failure = Data()
        transfer.onBody = { [unowned transfer] chunk in
            if (200..<300).contains(transfer.response.status) {
                try sink(chunk)
            } else if failure.count < 64 << 10 {
                failure.append(contentsOf: chunk)
            }
        }
        let response = try transfer.perform()
        guard (200..<300).contains(response.status) else {
            throw error(S3Reply(status: response.status, headers: response.headers, body: failure), key: key)
        }
        return transfer.bytesReceived
    }

    /// Signs and performs a request whose answer is small; a status outside
    /// 2xx and `accepting` throws.
    private func send(_ request: S3Request, accepting: Set<Int> = []) async throws -> S3Reply {
        let prepared = try prepare(request)
        let timeout = configuration.timeout
        let reply = try await workers.run { () throws -> S3Reply in
            let transfer = try prepared.transfer(timeout: timeout)
            var body = Data()
            transfer.onBody = { chunk in
                guard body.count < 16 << 20 else { throw FileError.tooLarge(limit: 16 << 20) }
                body.append(contentsOf: chunk)
            }
            let response = try transfer.perform()
            return S3Reply(status: response.status, headers: response.headers, body: body)
        }
        guard (200..<300).contains(reply.status) || accepting.contains(reply.status) else {
            throw Self.error(reply, key: request.key)
        }
        return reply
    }

    /// The URL and signed headers of a request (the body's hash is computed
    /// on the worker thread, as the transfer starts).
    private func prepare(_ request: S3Request) throws -> PreparedRequest {
        // A bucket request's path is the bucket itself (path style) or "/":
        // no trailing slash, as the AWS SDKs send it.
        let path = request.key.map { basePath + "/" + S3Signer.encodePath($0) } ?? (basePath.isEmpty ? "/" : basePath)
        let query = S3Signer.canonicalQuery(request.query)
        return PreparedRequest(
            request: request, url: "\(scheme)://\(host)\(path)" + (query.isEmpty ? "" : "?\(query)"), host: host, path: path,
            signer: signer)
    }

    private static func error(_ reply: S3Reply, key: String?) -> FileError {
        let xml = S3XML(reply.body)
        if reply.status == 404, let key, xml["Code"] == nil || xml["Code"] == "NoSuchKey" {
            return .notFound(key: key)
        }
        let code = xml["Code"] ?? "HTTP\(reply.status)"
        return .s3(status: reply.status, code: code, message: xml["Message"] ?? String(decoding: reply.body.prefix(200), as: UTF8.self), key: key)
    }

    private static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()

    private static func isoDate(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// One S3 API call before signing.
struct S3Request: Sendable {
    enum Body: Sendable {
        case none
        case data(Data)
        /// `length` bytes of a file from `offset`, read as they are sent.
        case file(URL, offset: Int64, length: Int64)
    }

    var method: String
    /// The object's key; nil for bucket requests.
    var key: String?
    var query: [(String, String)] = []
    var headers: [String: String] = [:]
    var body: Body = .none
}

/// A request with its URL, ready to be signed and sent on a worker thread.
struct PreparedRequest: Sendable {
    var request: S3Request
    var url: String
    var host: String
    var path: String
    var signer: S3Signer

    /// A configured transfer: body attached, payload hashed, headers signed.
    func transfer(timeout: Duration) throws -> CurlTransfer {
        let transfer = try CurlTransfer(url: url, method: request.method, timeout: timeout)
        let payloadHash: String
        switch request.body {
        case .none:
            payloadHash = S3Signer.emptyPayloadHash
        case .data(let data) where request.method == "POST":
            payloadHash = S3Signer.hash(data)
            transfer.postBody(data)
        case .data(let data):
            payloadHash = S3Signer.hash(data)
            var offset = 0
            transfer.uploadLength(Int64(data.count))
            transfer.onUpload = { buffer in
                let count = min(buffer.count, data.count - offset)
                data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + count))
                offset += count
                return count
            }
        case .file(let file, let offset, let length):
            payloadHash = try Self.hash(file, offset: offset, length: length)
            guard let handle = FileHandle(forReadingAtPath: file.path) else { throw FileError.io(path: file.path, reason: "cannot be read") }
            try handle.seek(toOffset: UInt64(offset))
            var remaining = length
            transfer.uploadLength(length)
            transfer.onUpload = { buffer in
                guard remaining > 0, let chunk = try handle.read(upToCount: Int(min(Int64(buffer.count), remaining))), !chunk.isEmpty
                else { return 0 }
                _ = chunk.copyBytes(to: buffer.bindMemory(to: UInt8.self))
                remaining -= Int64(chunk.count)
                return chunk.count
            }
        }
        transfer.header("Expect", "")  // no 100-continue round trip
        for (name, value) in request.headers { transfer.header(name, value) }
        let signed = signer.sign(
            method: request.method, host: host, path: path, query: request.query, headers: request.headers, payloadHash: payloadHash)
        for (name, value) in signed { transfer.header(name, value) }
        return transfer
    }

    private static func hash(_ file: URL, offset: Int64, length: Int64) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw FileError.io(path: file.path, reason: "cannot be read") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var hasher = S3Signer.Hasher()
        var remaining = length
        while remaining > 0, let chunk = try handle.read(upToCount: Int(min(1 << 20, remaining))), !chunk.isEmpty {
            hasher.update(chunk)
            remaining -= Int64(chunk.count)
        }
        guard remaining == 0 else { throw FileError.io(path: file.path, reason: "changed size while being sent") }
        return hasher.finish()
    }
}

/// A small answer: status, headers, body.
struct S3Reply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
    var etag: String? { headers["etag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } }
}
