import Foundation

/// Where an ``S3Storage`` keeps its objects and how it talks to the server.
///
/// ```swift
/// // AWS
/// let aws = S3Configuration(endpoint: "https://s3.eu-west-1.amazonaws.com", bucket: "app-files",
///                           region: "eu-west-1", accessKey: key, secretKey: secret, pathStyle: false)
/// // an S3-compatible server (MinIO, moto, Ceph) on path-style URLs
/// let local = S3Configuration(endpoint: "http://127.0.0.1:9000", bucket: "files",
///                             accessKey: "minio", secretKey: "minio123")
/// ```
public struct S3Configuration: Sendable {
    /// Scheme, host and port of the S3 API (no bucket).
    public var endpoint: String
    public var bucket: String
    public var region: String
    public var accessKey: String
    public var secretKey: String
    /// For temporary credentials.
    public var sessionToken: String?
    /// `endpoint/bucket/key` (S3-compatible servers) rather than `bucket.endpoint/key` (AWS).
    public var pathStyle: Bool
    /// Files at least this large are sent as a multipart upload.
    public var multipartThreshold: Int64
    /// The size of each part but the last (S3's minimum is 5 MiB).
    public var partSize: Int64
    /// Parts sent at once.
    public var uploadConcurrency: Int
    /// One request's limit.
    public var timeout: Duration

    public init(
        endpoint: String, bucket: String, region: String = "us-east-1", accessKey: String, secretKey: String,
        sessionToken: String? = nil, pathStyle: Bool = true, multipartThreshold: Int64 = 16 << 20,
        partSize: Int64 = 8 << 20, uploadConcurrency: Int = 4, timeout: Duration = .seconds(300)
    ) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.bucket = bucket
        self.region = region
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.pathStyle = pathStyle
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.uploadConcurrency = uploadConcurrency
        self.timeout = timeout
    }

    /// Checks the values, naming the first one out of range.
    func validated() throws -> S3Configuration {
        guard let url = URL(string: endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw FileError.invalidArgument(name: "endpoint", reason: "must be an http(s) URL, got \"\(endpoint)\"")
        }
        guard (3...63).contains(bucket.count), bucket.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }) else {
            throw FileError.invalidArgument(name: "bucket", reason: "must be 3–63 lowercase letters, digits, - or ., got \"\(bucket)\"")
        }
        guard partSize >= 5 << 20 else {
            throw FileError.invalidArgument(name: "partSize", reason: "must be at least 5 MiB (S3's minimum), got \(partSize)")
        }
        guard multipartThreshold >= partSize else {
            throw FileError.invalidArgument(name: "multipartThreshold", reason: "must be at least partSize (\(partSize))")
        }
        guard uploadConcurrency > 0 else {
            throw FileError.invalidArgument(name: "uploadConcurrency", reason: "must be positive")
        }
        return self
    }
}
