import Quarry

/// The `CREATE TABLE` text SQLite keeps for a table, edited in place: a
/// table rebuilt from its own text keeps everything SQLite stored —
/// unnamed checks, collations, generated columns, `UNIQUE` clauses — where
/// a rebuild from a ``TableDefinition`` keeps only what introspection reads.
///
/// The text is split into tokens (words, quoted names, strings, comments
/// and punctuation), so a quote, comma or parenthesis inside a name, a
/// string or a check never moves a boundary.
///
/// ```swift
/// let text = SQLiteTableText(#"CREATE TABLE "posts" ("id" INTEGER, "at" TEXT NOT NULL)"#)
/// try text.redeclaring(["at": (from: "TEXT", to: "TIMESTAMP")]).named("quarry_new_posts", dialect: db.dialect)
/// // CREATE TABLE "quarry_new_posts" ("id" INTEGER, "at" TIMESTAMP NOT NULL)
/// ```
struct SQLiteTableText {
    private(set) var sql: String

    init(_ sql: String) { self.sql = sql }

    /// The text with each listed column's declared type `from` (one word,
    /// any case) replaced by `to`.
    ///
    /// - Throws: ``MigrationError/invalidOperation(_:)`` naming a column
    ///   the text does not declare with that type; nothing is replaced then.
    func redeclaring(_ types: [String: (from: String, to: String)]) throws -> SQLiteTableText {
        let bytes = Array(sql.utf8)
        let tokens = Self.tokens(bytes)
        guard let open = tokens.firstIndex(where: { $0.kind == .open }) else {
            throw MigrationError.invalidOperation("no column list in \(sql)")
        }
        var replacements: [(Range<Int>, String)] = []
        var found = Set<String>()
        var depth = 0
        var segmentStart = open + 1
        for index in open..<tokens.count {
            switch tokens[index].kind {
            case .open: depth += 1
            case .close: depth -= 1
            default: break
            }
            let endsSegment = depth == 1 && tokens[index].kind == .comma || depth == 0
            guard endsSegment else { continue }
            let segment = Array(tokens[segmentStart..<index])
            segmentStart = index + 1
            guard segment.count >= 2, let name = segment[0].name(bytes), let change = types[name],
                segment[0].kind == .quoted || !Self.tableConstraintWords.contains(name.uppercased()),
                segment[1].kind == .word, segment[1].text(bytes).uppercased() == change.from.uppercased(),
                segment.count == 2 || segment[2].kind != .word
                    || Self.columnConstraintWords.contains(segment[2].text(bytes).uppercased())
            else {
                if depth == 0 { break } else { continue }
            }
            replacements.append((segment[1].range, change.to))
            found.insert(name)
            if depth == 0 { break }
        }
        if let missing = types.keys.sorted().first(where: { !found.contains($0) }) {
            throw MigrationError.invalidOperation("the table's text declares no column \(missing) of type \(types[missing]!.from)")
        }
        var edited = bytes
        for (range, text) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            edited.replaceSubrange(range, with: Array(text.utf8))
        }
        return SQLiteTableText(String(decoding: edited, as: UTF8.self))
    }

    /// `CREATE TABLE "name" (…)`: the text with its header (everything
    /// before the column list) replaced.
    func named(_ name: String, dialect: any SQLDialect) -> String {
        let bytes = Array(sql.utf8)
        guard let open = Self.tokens(bytes).first(where: { $0.kind == .open }) else { return sql }
        return "CREATE TABLE " + dialect.quoteIdentifier(name) + " " + String(decoding: bytes[open.range.lowerBound...], as: UTF8.self)
    }

    // MARK: - Tokens

    private static let tableConstraintWords: Set<String> = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
    private static let columnConstraintWords: Set<String> = [
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    ]

    struct Token {
        enum Kind { case word, quoted, string, open, close, comma, other }
        let kind: Kind
        let range: Range<Int>

        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes[range], as: UTF8.self) }

        /// A name: a word as written, a quoted name without its quotes.
        func name(_ bytes: [UInt8]) -> String? {
            switch kind {
            case .word: return text(bytes)
            case .quoted:
                let close = bytes[range.lowerBound] == UInt8(ascii: "[") ? UInt8(ascii: "]") : bytes[range.lowerBound]
                var name: [UInt8] = []
                var index = range.lowerBound + 1
                while index < range.upperBound - 1 {
                    name.append(bytes[index])
                    // A doubled closing quote is one quote.
                    index += bytes[index] == close && close != UInt8(ascii: "]") ? 2 : 1
                }
                return String(decoding: name, as: UTF8.self)
            default: return nil
            }
        }
    }

    /// The text's tokens; whitespace and comments are left out.
    static func tokens(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        func isWordByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                index = min(index + 2, bytes.count)
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : byte
                index += 1
                while index < bytes.count {
                    if bytes[index] == close {
                        if close != UInt8(ascii: "]"), index + 1 < bytes.count, bytes[index + 1] == close {
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                tokens.append(Token(kind: byte == UInt8(ascii: "'") ? .string : .quoted, range: start..<index))
            case UInt8(ascii: "("):
                index += 1
                tokens.append(Token(kind: .open, range: start..<index))
            case UInt8(ascii: ")"):
                index += 1
                tokens.append(Token(kind: .close, range: start..<index))
            case UInt8(ascii: ","):
                index += 1
                tokens.append(Token(kind: .comma, range: start..<index))
            default:
                if isWordByte(byte) {
                    while index < bytes.count && isWordByte(bytes[index]) { index += 1 }
                    tokens.append(Token(kind: .word, range: start..<index))
                } else {
                    index += 1
                    tokens.append(Token(kind: .other, range: start..<index))
                }
            }
        }
        return tokens
    }
}
