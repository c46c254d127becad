import Foundation
import Quarry

/// What a cursor carries, before signing: which way it reads, the position
/// of the row it continues from, and a fingerprint of the query's table
/// and order, so a cursor made for one listing is refused by another.
struct Cursor: Codable, Sendable, Equatable {
    enum Direction: String, Codable, Sendable {
        case after, before
    }

    var version = 1
    var direction: Direction
    var position: [CursorValue]
    var fingerprint: String

    /// The fingerprint of a keyset over `table`.
    static func fingerprint(table: String, keyset: [KeysetColumn]) -> String {
        ([table] + keyset.map { "\($0.name):\($0.descending ? "d" : "a"):\($0.nullsFirst ? "f" : "l")" })
            .joined(separator: ",")
    }

    func sealed(with signer: CursorSigner) -> String {
        // Encoding a struct of strings and numbers cannot fail.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return signer.seal(try! encoder.encode(self))
    }

    /// The cursor `text` holds, checked against the signer and the keyset.
    static func open(_ text: String, signer: CursorSigner, fingerprint: String, columns: Int) throws -> Cursor {
        guard text.utf8.count <= 4_096 else { throw PaginationError.invalidCursor("too long") }
        let payload = try signer.open(text)
        guard let cursor = try? JSONDecoder().decode(Cursor.self, from: payload), cursor.version == 1 else {
            throw PaginationError.invalidCursor("unreadable")
        }
        guard cursor.fingerprint == fingerprint, cursor.position.count == columns else {
            throw PaginationError.invalidCursor("made for another listing")
        }
        return cursor
    }
}

/// A ``SQLValue`` in a cursor, kind-tagged so that it decodes to the same
/// value (a date stays a date, an integer an integer).
struct CursorValue: Codable, Sendable, Equatable {
    let kind: String
    let text: String?

    init(_ value: SQLValue) {
        switch value {
        case .null: (kind, text) = ("null", nil)
        case .int(let number): (kind, text) = ("int", String(number))
        case .double(let number): (kind, text) = ("double", "\(number.bitPattern)")
        case .text(let string): (kind, text) = ("text", string)
        case .blob(let bytes): (kind, text) = ("blob", Data(bytes).base64EncodedString())
        case .bool(let flag): (kind, text) = ("bool", flag ? "1" : "0")
        case .date(let date): (kind, text) = ("date", "\(date.timeIntervalSince1970.bitPattern)")
        case .uuid(let uuid): (kind, text) = ("uuid", uuid.uuidString)
        case .decimal(let decimal): (kind, text) = ("decimal", "\(decimal)")
        case .json(let json): (kind, text) = ("json", json.description)
        }
    }

    /// The value, or `nil` when the text does not parse as its kind.
    var value: SQLValue? {
        switch (kind, text) {
        case ("null", _): return .null
        case ("int", let text?): return Int64(text).map { .int($0) }
        case ("double", let text?): return UInt64(text).map { .double(Double(bitPattern: $0)) }
        case ("text", let text?): return .text(text)
        case ("blob", let text?): return Data(base64Encoded: text).map { .blob([UInt8]($0)) }
        case ("bool", let text?): return text == "1" ? .bool(true) : text == "0" ? .bool(false) : nil
        case ("date", let text?): return UInt64(text).map { .date(Date(timeIntervalSince1970: Double(bitPattern: $0))) }
        case ("uuid", let text?): return UUID(uuidString: text).map { .uuid($0) }
        case ("decimal", let text?): return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map { .decimal($0) }
        case ("json", let text?): return (try? JSON(parsing: text)).map { .json($0) }
        default: return nil
        }
    }
}
