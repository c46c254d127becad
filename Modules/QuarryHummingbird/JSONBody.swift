import Foundation
import HTTPTypes
import Hummingbird
import Quarry

/// Response bodies written by ``JSONWriter`` instead of the context's
/// `JSONEncoder`, when that encoder would write the same JSON: Hummingbird's
/// default (`.iso8601` dates) with every other strategy left as it is. A
/// context with any other encoder keeps it.
enum JSONBody {
    /// Whether `encoder` writes what ``JSONWriter`` writes.
    static func writesLikeJSONWriter(_ encoder: some ResponseEncoder) -> Bool {
        guard let encoder = encoder as? JSONEncoder else { return false }
        guard case .iso8601 = encoder.dateEncodingStrategy, case .useDefaultKeys = encoder.keyEncodingStrategy,
            case .base64 = encoder.dataEncodingStrategy, case .throw = encoder.nonConformingFloatEncodingStrategy,
            encoder.outputFormatting.isSubset(of: [.withoutEscapingSlashes]), encoder.userInfo.isEmpty
        else { return false }
        return true
    }

    /// `value` as a 200 response, written by a ``JSONWriter``; `nil` when
    /// `value` has no writer or the context's encoder differs.
    static func response(_ value: some Encodable, context: some RequestContext) throws -> Response? {
        guard let writable = value as? any JSONValueWritable, writesLikeJSONWriter(context.responseEncoder) else { return nil }
        var writer = JSONWriter(capacity: 1_024)
        try writable.writeJSON(into: &writer)
        let bytes = writer.bytes
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers.append(.init(name: .contentType, value: "application/json; charset=utf-8"))
        headers.append(.init(name: .contentLength, value: String(bytes.count)))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
