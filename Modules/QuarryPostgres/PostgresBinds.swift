import CLibPQ
import Foundation
import Quarry

/// The parameter arrays `PQexecPrepared` takes, encoded from ``SQLValue``s.
///
/// Parameters travel in binary where the encoding is fixed and cheap
/// (integers, doubles, booleans, bytes, timestamps, UUIDs, jsonb) and as text
/// where the server's parser is the reference (strings, numerics). Text is
/// sent with type `unknown` so that the server infers the column's type,
/// as it does for a literal.
struct PostgresBinds {
    /// Every value's bytes, back to back; text values end with NUL.
    private(set) var buffer: [UInt8] = []
    private(set) var types: [Oid] = []
    private(set) var formats: [Int32] = []
    private(set) var lengths: [Int32] = []
    /// Each value's offset in `buffer`, or -1 for NULL.
    private var offsets: [Int] = []

    init(_ values: [SQLValue]) throws {
        types.reserveCapacity(values.count)
        formats.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        offsets.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                append(type: PostgresType.unknown, format: 0, bytes: nil)
            case .int(let int):
                append(type: PostgresType.int8, format: 1, bigEndian: int)
            case .double(let double) where double.isNaN:
                // PostgreSQL would store NaN, SQLite NULL: one behaviour on both.
                throw QuarryError.invalidValue("bind #\(index + 1): NaN is not a number either database stores")
            case .double(let double):
                append(type: PostgresType.float8, format: 1, bigEndian: double.bitPattern)
            case .bool(let bool):
                append(type: PostgresType.bool, format: 1, bytes: [bool ? 1 : 0])
            case .text(let text):
                try appendText(text, type: PostgresType.unknown, index: index)
            case .blob(let bytes):
                append(type: PostgresType.bytea, format: 1, bytes: bytes)
            case .date(let date):
                let micros = try date.storableMicrosecondsSince1970() - PostgresType.epochOffsetMicroseconds
                append(type: PostgresType.timestamptz, format: 1, bigEndian: micros)
            case .uuid(let uuid):
                append(type: PostgresType.uuid, format: 1, bytes: withUnsafeBytes(of: uuid.uuid) { Array($0) })
            case .decimal(let decimal):
                try appendText(decimal.description, type: PostgresType.numeric, index: index)
            case .json(let json):
                // jsonb's binary form: a version byte (1), then the text.
                let text = try json.storedText()
                append(type: PostgresType.jsonb, format: 1, bytes: [1] + Array(text.utf8))
            }
        }
    }

    var count: Int { types.count }

    private mutating func append(type: Oid, format: Int32, bytes: [UInt8]?) {
        types.append(type)
        formats.append(format)
        if let bytes {
            offsets.append(buffer.count)
            lengths.append(Int32(bytes.count))
            buffer.append(contentsOf: bytes)
        } else {
            offsets.append(-1)
            lengths.append(0)
        }
    }

    private mutating func append<Integer: FixedWidthInteger>(type: Oid, format: Int32, bigEndian value: Integer) {
        types.append(type)
        formats.append(format)
        offsets.append(buffer.count)
        lengths.append(Int32(MemoryLayout<Integer>.size))
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func appendText(_ text: String, type: Oid, index: Int) throws {
        let utf8 = text.utf8
        guard !utf8.contains(0) else {
            throw QuarryError.invalidValue("bind #\(index + 1): text cannot contain a NUL character")
        }
        types.append(type)
        formats.append(0)
        offsets.append(buffer.count)
        lengths.append(Int32(utf8.count))
        buffer.append(contentsOf: utf8)
        buffer.append(0)
    }

    /// Calls `body` with the value pointer array libpq expects.
    func withValuePointers<Result>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard offset >= 0 else { return nil }
                // An empty value still needs a non-NULL pointer, or it reads as NULL.
                guard let base else { return UnsafePointer<CChar>(bitPattern: 1) }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
        }
    }
}
