import Foundation

/// Compact JSON written straight into a byte buffer: what the generated
/// `Response` DTOs use to become an API body without Foundation's
/// `JSONEncoder` (no containers, no boxing, keys written as literals).
///
/// The output means the same as `JSONEncoder` with `.iso8601` dates and
/// otherwise default strategies: the same keys and values, optional fields
/// left out when `nil`, dates in whole seconds (`2024-05-01T09:30:00Z`),
/// UUIDs in upper case, `Data` in base64; a non-finite number throws
/// `EncodingError.invalidValue` as it does there. Only the order of an
/// object's members and the escaping of `/` may differ from its bytes.
///
/// ```swift
/// var writer = JSONWriter()
/// try author.response().writeJSON(into: &writer)
/// let body = writer.bytes                    // {"id":1,"name":"Ada",…}
/// ```
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty writer whose buffer holds `capacity` bytes before growing.
    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: - Structure

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"name":`, for a name known to need no escaping (a Swift
    /// identifier, as the generated code passes); the value follows.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// `"name":` for any name, escaped; the value follows.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member: the key, then the value.
    ///
    /// ```swift
    /// try writer.field("name", author.name)
    /// ```
    public mutating func field(_ name: StaticString, _ value: some JSONValueWritable) throws {
        key(name)
        try value.writeJSON(into: &self)
    }

    /// A member of any `Encodable` type without a writer of its own (an
    /// enum, a custom column type), through `JSONEncoder` with the same
    /// strategies.
    public mutating func field(_ name: StaticString, _ value: some Encodable) throws {
        key(name)
        try encoded(value)
    }

    /// A member whose value is optional: left out when `nil`, as the
    /// synthesized `Encodable` conformance does.
    public mutating func optionalField(_ name: StaticString, _ value: (some JSONValueWritable)?) throws {
        guard let value else { return }
        try field(name, value)
    }

    /// An optional member of any `Encodable` type, left out when `nil`.
    public mutating func optionalField(_ name: StaticString, _ value: (some Encodable)?) throws {
        guard let value else { return }
        try field(name, value)
    }

    // MARK: - Values

    public mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
        needsComma = true
    }

    public mutating func integer(_ value: some BinaryInteger) {
        separate()
        // Digits into a small stack buffer, most significant first.
        let negative = value < 0
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var index = 40
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if negative { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<40]))
        }
        needsComma = true
    }

    /// A finite number; `NaN` and infinities throw, as with `JSONEncoder`.
    public mutating func number(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a JSON number"))
        }
        number(text: value.description)
    }

    /// A number written as given (a `Decimal`'s digits), without a
    /// trailing `.0` (`1.0` is written `1`, as `JSONEncoder` does).
    public mutating func number(text: String) {
        separate()
        let utf8 = text.utf8
        if utf8.count > 2, text.hasSuffix(".0") {
            bytes.append(contentsOf: utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: utf8)
        }
        needsComma = true
    }

    public mutating func string(_ value: String) {
        separate()
        writeString(value)
        needsComma = true
    }

    /// A date as `JSONEncoder`'s `.iso8601` writes it: UTC, whole seconds
    /// (`2024-05-01T09:30:00Z`).
    public mutating func date(_ value: Date) {
        let seconds = value.timeIntervalSince1970.rounded(.down)
        // Years 1900…9999 by hand; others (where the formatter's calendar
        // is Julian, or the year has more digits) in the formatter's spelling.
        guard seconds >= -2_208_988_800, seconds < 253_402_300_800 else {
            string(Self.formatter.format(value))
            return
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendDigits(Int(parts.tm_year) + 1900, count: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mon) + 1, count: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mday), count: 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(Int(parts.tm_hour), count: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_min), count: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_sec), count: 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Any `Encodable` value through `JSONEncoder` (`.iso8601` dates), for
    /// types without a writer of their own.
    public mutating func encoded(_ value: some Encodable) throws {
        let data = try Self.encoder.encode(value)
        separate()
        bytes.append(contentsOf: data)
        needsComma = true
    }

    /// JSON text known to be one complete value, written as it is.
    public mutating func raw(_ json: some Sequence<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    // MARK: - Helpers

    private static let hex = Array("0123456789abcdef".utf8)
    private static let formatter = Date.ISO8601FormatStyle()
    /// One encoder for every fallback value (an enum column on every row):
    /// configured once, never changed, so shared across threads.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendDigits(_ value: Int, count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A quoted string: `"` and `\` escaped, control characters as `\n`,
    /// `\t`, `\r`, `\b`, `\f` or `\u00XX`; everything else as UTF-8.
    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
