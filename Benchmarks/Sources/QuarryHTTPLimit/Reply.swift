import Crypto
import Foundation
import Hummingbird

/// What the handlers answer: JSON bytes with a status, errors in the demo's
/// shape, and the demo's signed cursors.
enum Reply {
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func failure(_ error: any Error) -> Response {
        let failure = error as? BlogFailure ?? BlogFailure(status: 400, code: "bad_request", message: "\(error)")
        var body = JSONWriter(capacity: 128)
        body.beginObject()
        body.key("error"); body.value(failure.code)
        body.key("message"); body.value(failure.message)
        body.endObject()
        return json(body.bytes, status: .init(code: failure.status))
    }

    /// The demo's cursor for the page ending at `id`: the same payload,
    /// signed with the same secret, so the bytes match.
    static func cursor(after id: Int64) -> String {
        let payload = Data(
            #"{"direction":"after","fingerprint":"posts,id:a:l","position":[{"kind":"int","text":"\#(id)"}],"version":1}"#.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: secret))
        return base64URL(payload) + "." + base64URL(Data(mac))
    }

    private static let secret = Data("quarry-demo-cursor-secret-32-bytes!!".utf8)

    private static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
