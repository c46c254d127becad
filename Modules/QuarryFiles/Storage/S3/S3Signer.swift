import Crypto
import Foundation

/// AWS Signature Version 4 for S3 requests (headers) and presigned URLs
/// (query string), computed with swift-crypto.
///
/// libcurl 7.88's own `CURLOPT_AWS_SIGV4` is not used: it does not send
/// `x-amz-content-sha256` (which S3 requires) and signs the query string
/// without sorting it, so multipart and listing requests fail.
///
/// ```swift
/// let signer = S3Signer(accessKey: "AKIA…", secretKey: "…", region: "us-east-1")
/// let headers = signer.sign(method: "GET", host: "s3.amazonaws.com", path: "/bucket/key",
///                           query: [], headers: [:], payloadHash: S3Signer.emptyPayloadHash)
/// ```
public struct S3Signer: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?
    public var region: String
    public var service = "s3"

    /// SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The payload hash of a presigned URL or an unhashed body.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil, region: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.region = region
    }

    /// The headers to add to a request: `Authorization`, `x-amz-date`,
    /// `x-amz-content-sha256` and, with a session token, `x-amz-security-token`.
    ///
    /// - Parameters:
    ///   - method: the HTTP method (`GET`, `PUT`, …).
    ///   - host: the `Host` header exactly as sent (`host:port` for a non-default port).
    ///   - path: the URI path, already percent-encoded (``encodePath(_:)``).
    ///   - query: decoded query parameters.
    ///   - headers: other headers to sign (names any case).
    ///   - payloadHash: the body's SHA-256 in hex, or `UNSIGNED-PAYLOAD`.
    ///   - date: the signing time (now, unless a test fixes it).
    public func sign(
        method: String, host: String, path: String, query: [(String, String)], headers: [String: String],
        payloadHash: String, date: Date = Date()
    ) -> [String: String] {
        let (stamp, day) = Self.timestamps(date)
        var signed = headers.reduce(into: [String: String]()) { $0[$1.key.lowercased()] = $1.value.trimmingCharacters(in: .whitespaces) }
        signed["host"] = host
        signed["x-amz-date"] = stamp
        signed["x-amz-content-sha256"] = payloadHash
        if let sessionToken { signed["x-amz-security-token"] = sessionToken }
        let names = signed.keys.sorted()
        let canonical = [
            method, path, Self.canonicalQuery(query),
            names.map { "\($0):\(signed[$0]!)\n" }.joined(), names.joined(separator: ";"), payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let signature = self.signature(canonical: canonical, stamp: stamp, day: day, scope: scope)
        var added = ["x-amz-date": stamp, "x-amz-content-sha256": payloadHash]
        if let sessionToken { added["x-amz-security-token"] = sessionToken }
        added["authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
        return added
    }

    /// The query string of a presigned URL (signed `host` header, unsigned payload).
    public func presignedQuery(
        method: String, host: String, path: String, query: [(String, String)], expires: Int, date: Date = Date()
    ) -> String {
        let (stamp, day) = Self.timestamps(date)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        var parameters = query + [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKey)/\(scope)"),
            ("X-Amz-Date", stamp), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host"),
        ]
        if let sessionToken { parameters.append(("X-Amz-Security-Token", sessionToken)) }
        let canonical = [method, path, Self.canonicalQuery(parameters), "host:\(host)\n", "host", Self.unsignedPayload]
            .joined(separator: "\n")
        let signature = self.signature(canonical: canonical, stamp: stamp, day: day, scope: scope)
        return Self.canonicalQuery(parameters + [("X-Amz-Signature", signature)])
    }

    /// Percent-encodes each path segment the way SigV4 canonicalises it.
    public static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~`.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Sorted, encoded `name=value` pairs joined by `&`.
    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (encode($0.0), encode($0.1)) }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Hex SHA-256.
    public static func hash(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).hex
    }

    private func signature(canonical: String, stamp: String, day: String, scope: String) -> String {
        let toSign = ["AWS4-HMAC-SHA256", stamp, scope, Self.hash(Data(canonical.utf8))].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Data(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key)).hex
    }

    private static func timestamps(_ date: Date) -> (stamp: String, day: String) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let day = String(format: "%04d%02d%02d", parts.year!, parts.month!, parts.day!)
        return (day + String(format: "T%02d%02d%02dZ", parts.hour!, parts.minute!, parts.second!), day)
    }
}

extension Sequence<UInt8> {
    /// Lowercase hex.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

extension S3Signer {
    /// An incremental SHA-256 for bodies read in chunks.
    struct Hasher {
        private var state = SHA256()
        mutating func update(_ data: Data) { state.update(data: data) }
        func finish() -> String { state.finalize().hex }
    }
}
