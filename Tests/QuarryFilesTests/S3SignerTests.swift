import Foundation
import QuarryFiles
import Testing

/// The worked examples of AWS's "Signature Calculations for the
/// Authorization Header" and "Query String Authentication" pages for S3.
@Suite("S3Signer: AWS Signature Version 4 against AWS's published examples")
struct S3SignerTests {
    static let signer = S3Signer(
        accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let host = "examplebucket.s3.amazonaws.com"

    private func signature(_ headers: [String: String]) -> String? {
        headers["authorization"]?.components(separatedBy: "Signature=").last
    }

    @Test("GET Object with a Range header")
    func getObject() {
        let headers = Self.signer.sign(
            method: "GET", host: Self.host, path: "/test.txt", query: [], headers: ["Range": "bytes=0-9"],
            payloadHash: S3Signer.emptyPayloadHash, date: Self.date)
        #expect(signature(headers) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers["authorization"]?.contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date") == true)
        #expect(headers["x-amz-date"] == "20130524T000000Z")
    }

    @Test("PUT Object: a hashed payload, an encoded key, extra signed headers")
    func putObject() {
        let body = Data("Welcome to Amazon S3.".utf8)
        #expect(S3Signer.hash(body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let headers = Self.signer.sign(
            method: "PUT", host: Self.host, path: S3Signer.encodePath("/test$file.text"), query: [],
            headers: ["Date": "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY"],
            payloadHash: S3Signer.hash(body), date: Self.date)
        #expect(signature(headers) == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket lifecycle: a sub-resource without a value")
    func lifecycle() {
        let headers = Self.signer.sign(
            method: "GET", host: Self.host, path: "/", query: [("lifecycle", "")], headers: [:],
            payloadHash: S3Signer.emptyPayloadHash, date: Self.date)
        #expect(signature(headers) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("GET Bucket (list objects): query parameters sorted")
    func listObjects() {
        let headers = Self.signer.sign(
            method: "GET", host: Self.host, path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [:],
            payloadHash: S3Signer.emptyPayloadHash, date: Self.date)
        #expect(signature(headers) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("a presigned GET valid for a day")
    func presigned() {
        let query = Self.signer.presignedQuery(method: "GET", host: Self.host, path: "/test.txt", query: [], expires: 86400, date: Self.date)
        #expect(query.contains("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&"))
        #expect(query.contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"))
    }

    @Test("URI encoding: unreserved characters kept, everything else percent-encoded, slashes kept in paths")
    func encoding() {
        #expect(S3Signer.encode("a b+c/é~_.-") == "a%20b%2Bc%2F%C3%A9~_.-")
        #expect(S3Signer.encodePath("/dir/a b.txt") == "/dir/a%20b.txt")
    }
}
