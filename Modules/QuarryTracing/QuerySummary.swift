/// What a statement does and to which table, read off its SQL text:
/// `db.operation.name` (`SELECT`, `INSERT`, …) and `db.collection.name`
/// (the table after `FROM`, `INTO` or `UPDATE`, unquoted; `nil` when it is
/// not a plain name, e.g. a subquery).
///
/// ```swift
/// let summary = QuerySummary(sql: #"SELECT "id" FROM "authors" WHERE "id" = $1"#)
/// summary.operation    // "SELECT"
/// summary.collection   // "authors"
/// ```
struct QuerySummary: Equatable {
    var operation: String?
    var collection: String?

    private init() {}

    init(sql: String) {
        var text = sql
        self = text.withUTF8 { bytes in
            // Only the first few hundred bytes matter for the operation and the table.
            var scanner = SQLScanner(UnsafeBufferPointer(rebasing: bytes.prefix(512)))
            return QuerySummary(scanning: &scanner)
        }
    }

    private init(scanning scanner: inout SQLScanner) {
        self.init()
        guard let first = scanner.nextWord() else { return }
        operation = first.uppercased()
        let target: String?
        switch operation {
        case "SELECT", "DELETE": target = "FROM"
        case "INSERT", "REPLACE": target = "INTO"
        case "UPDATE": target = nil
        default: return
        }
        if let target {
            guard scanner.skip(toWord: target) else { return }
        }
        collection = scanner.nextIdentifier()
    }

    /// OpenTelemetry's span name: `{operation} {collection}`, the operation
    /// alone, or the database system.
    func spanName(system: String) -> String {
        switch (operation, collection) {
        case (let operation?, let collection?): "\(operation) \(collection)"
        case (let operation?, nil): operation
        default: system
        }
    }
}

/// Reads words and identifiers off SQL text, skipping quoted strings and
/// parentheses (subqueries) when looking for a keyword.
private struct SQLScanner {
    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Scans `text`, which must outlive the scanner.
    init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    private mutating func skipSpace() {
        while index < text.count, text[index] == 0x20 || text[index] == 0x0A || text[index] == 0x09 || text[index] == 0x0D {
            index += 1
        }
    }

    mutating func nextWord() -> String? {
        skipSpace()
        let start = index
        while index < text.count, Self.isWordByte(text[index]) { index += 1 }
        return index > start ? String(decoding: text[start..<index], as: UTF8.self) : nil
    }

    /// Moves past the first `word` (upper-case ASCII) at nesting depth
    /// zero, outside quotes; compares bytes, allocates nothing.
    mutating func skip(toWord word: String) -> Bool {
        let pattern = Array(word.utf8)
        var depth = 0
        while index < text.count {
            let byte = text[index]
            switch byte {
            case 0x28: depth += 1; index += 1  // (
            case 0x29: depth -= 1; index += 1  // )
            case 0x27, 0x22, 0x60:  // ' " `
                index += 1
                while index < text.count, text[index] != byte { index += 1 }
                index += 1
            case _ where Self.isWordByte(byte):
                let start = index
                while index < text.count, Self.isWordByte(text[index]) { index += 1 }
                if depth == 0, index - start == pattern.count,
                    zip(text[start..<index], pattern).allSatisfy({ $0 & 0xDF == $1 })
                {
                    return true
                }
            default:
                index += 1
            }
        }
        return false
    }

    /// A table name, quoted or not, with its schema (`"app"."authors"` → `app.authors`).
    mutating func nextIdentifier() -> String? {
        var parts: [String] = []
        repeat {
            skipSpace()
            guard index < text.count else { return nil }
            let byte = text[index]
            if byte == 0x22 || byte == 0x60 {  // " or `
                let start = index + 1
                index = start
                while index < text.count, text[index] != byte { index += 1 }
                guard index < text.count else { return nil }
                parts.append(String(decoding: text[start..<index], as: UTF8.self))
                index += 1
            } else if Self.isWordByte(byte) {
                let start = index
                while index < text.count, Self.isWordByte(text[index]) { index += 1 }
                parts.append(String(decoding: text[start..<index], as: UTF8.self))
            } else {
                return nil
            }
            guard index < text.count, text[index] == 0x2E else { break }  // .
            index += 1
        } while true
        return parts.isEmpty ? nil : parts.joined(separator: ".")
    }
}
