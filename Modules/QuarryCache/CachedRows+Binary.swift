import Foundation
import Quarry

/// A compact binary form of ``CachedRows`` for caches outside the process
/// (Redis): a version byte, then per value a kind byte and its payload
/// (integers as variable-length zig-zag, doubles and dates as 8 bytes,
/// texts and blobs length-prefixed).
extension CachedRows {
    /// The bytes of these rows.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [1]
        out.reserveCapacity(byteSize)
        Self.write(UInt64(rows.count), to: &out)
        for row in rows {
            Self.write(UInt64(row.count), to: &out)
            for value in row { Self.write(value, to: &out) }
        }
        return out
    }

    /// The rows `bytes` hold.
    ///
    /// - Throws: `QuarryError/invalidValue(_:)` for bytes that are not
    ///   rows this version wrote.
    public init(encoded bytes: [UInt8]) throws {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == 1 else { throw QuarryError.invalidValue("cached rows of an unknown version") }
        let count = try reader.length()
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            let columns = try reader.length()
            var row: [SQLValue] = []
            row.reserveCapacity(columns)
            for _ in 0..<columns { row.append(try reader.value()) }
            rows.append(row)
        }
        guard reader.isAtEnd else { throw QuarryError.invalidValue("trailing bytes after cached rows") }
        self.init(rows: rows)
    }

    private static func write(_ value: SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(0)
        case .int(let number):
            out.append(1)
            write((UInt64(bitPattern: number) << 1) ^ UInt64(bitPattern: number >> 63), to: &out)
        case .double(let number):
            out.append(2)
            writeFixed(number.bitPattern, to: &out)
        case .text(let text):
            out.append(3)
            writeBytes(Array(text.utf8), to: &out)
        case .blob(let bytes):
            out.append(4)
            writeBytes(bytes, to: &out)
        case .bool(let flag): out.append(flag ? 6 : 5)
        case .date(let date):
            out.append(7)
            writeFixed(date.timeIntervalSince1970.bitPattern, to: &out)
        case .uuid(let uuid):
            out.append(8)
            withUnsafeBytes(of: uuid.uuid) { out.append(contentsOf: $0) }
        case .decimal(let decimal):
            out.append(9)
            writeBytes(Array("\(decimal)".utf8), to: &out)
        case .json(let json):
            out.append(10)
            writeBytes(Array(json.description.utf8), to: &out)
        }
    }

    private static func write(_ number: UInt64, to out: inout [UInt8]) {
        var number = number
        while number >= 0x80 {
            out.append(UInt8(number & 0x7F) | 0x80)
            number >>= 7
        }
        out.append(UInt8(number))
    }

    private static func writeFixed(_ number: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: number.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func writeBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
        write(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw QuarryError.invalidValue("cached rows end too soon") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 64 else { throw QuarryError.invalidValue("a malformed number in cached rows") }
                result |= UInt64(next & 0x7F) << shift
                if next & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func length() throws -> Int {
            let length = try varint()
            guard length <= UInt64(bytes.count - offset) * 8 + 64 else {
                throw QuarryError.invalidValue("a length beyond the cached bytes")
            }
            return Int(length)
        }

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= bytes.count else { throw QuarryError.invalidValue("cached rows end too soon") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func fixed() throws -> UInt64 {
            try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func text() throws -> String {
            String(decoding: try take(try length()), as: UTF8.self)
        }

        mutating func value() throws -> SQLValue {
            switch try byte() {
            case 0: return .null
            case 1:
                let raw = try varint()
                return .int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
            case 2: return .double(Double(bitPattern: try fixed()))
            case 3: return .text(try text())
            case 4: return .blob(Array(try take(try length())))
            case 5: return .bool(false)
            case 6: return .bool(true)
            case 7: return .date(Date(timeIntervalSince1970: Double(bitPattern: try fixed())))
            case 8:
                let b = Array(try take(16))
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            case 9:
                let text = try text()
                guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw QuarryError.invalidValue("a malformed decimal in cached rows")
                }
                return .decimal(decimal)
            case 10: return .json(try JSON(parsing: try text()))
            case let kind: throw QuarryError.invalidValue("an unknown value kind \(kind) in cached rows")
            }
        }
    }
}
