/// The shape of a statement: its SQL text with every placeholder written
/// `?`, runs of placeholders (`IN` lists) written `?…` and repeated rows of
/// a multi-row `VALUES` written once, so that statements that differ only
/// in their values — or in how many — share one shape. Text inside string
/// literals and quoted identifiers is kept as it is.
///
/// ```swift
/// StatementShape("SELECT * FROM \"t\" WHERE id IN ($1, $2, $3)").text
/// // SELECT * FROM "t" WHERE id IN (?…)
/// StatementShape("INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4)").text
/// // INSERT INTO t (a, b) VALUES (?…), …
/// ```
public struct StatementShape: Sendable, Hashable, CustomStringConvertible {
    /// The normalised SQL text.
    public let text: String

    /// The shape of `sql`.
    public init(_ sql: String) {
        text = Self.collapsingRepeatedGroups(Self.normalisingPlaceholders(sql))
    }

    public var description: String { text }

    /// The statement's first keyword, lowercased (`select`, `insert`,
    /// `update`, `delete`, `begin`, …): a metric dimension with few values.
    public var operation: String {
        let keyword = text.drop { $0 == " " || $0 == "\n" || $0 == "(" }.prefix { $0.isLetter }.lowercased()
        switch keyword {
        case "select", "insert", "update", "delete", "with", "begin", "commit", "rollback", "savepoint",
            "release", "create", "drop", "alter", "copy", "set", "pragma", "values":
            return keyword
        default:
            return "other"
        }
    }

    private enum Token {
        case text(String)
        /// A run of placeholders separated by commas: how many.
        case placeholders(Int)
    }

    private static func normalisingPlaceholders(_ sql: String) -> String {
        var tokens: [Token] = []
        var text = ""
        let characters = Array(sql)
        var index = 0
        func flushText() {
            if !text.isEmpty { tokens.append(.text(text)) }
            text = ""
        }
        while index < characters.count {
            let character = characters[index]
            if character == "'" || character == "\"" || character == "`" {
                // A literal or quoted identifier, kept whole.
                var end = index + 1
                while end < characters.count, characters[end] != character { end += 1 }
                text.append(contentsOf: characters[index...min(end, characters.count - 1)])
                index = end + 1
                continue
            }
            var digits = index + 1
            while digits < characters.count, characters[digits].isNumber { digits += 1 }
            guard character == "?" || (character == "$" && digits > index + 1) else {
                text.append(character)
                index += 1
                continue
            }
            index = digits
            // `?, ?`: the separator between two placeholders joins their run.
            let separator = text.trimmingSpaces
            if separator == ",", case .placeholders(let count)? = tokens.last {
                text = ""
                tokens[tokens.count - 1] = .placeholders(count + 1)
            } else {
                flushText()
                tokens.append(.placeholders(1))
            }
        }
        flushText()
        return tokens.map { token in
            switch token {
            case .text(let text): text
            case .placeholders(let count): count == 1 ? "?" : "?…"
            }
        }.joined()
    }

    /// `(…), (…), (…)` with identical groups → `(…), …`.
    private static func collapsingRepeatedGroups(_ text: String) -> String {
        guard text.contains("), (") else { return text }
        let characters = Array(text)
        var output: [Character] = []
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            guard characters[index] == "(", let end = matchingParenthesis(characters, from: index) else {
                output.append(characters[index])
                index += 1
                continue
            }
            let group = characters[index...end]
            var next = end + 1
            var repeated = false
            while next + 2 + group.count <= characters.count,
                characters[next] == ",", characters[next + 1] == " ",
                characters[(next + 2)..<(next + 2 + group.count)].elementsEqual(group)
            {
                repeated = true
                next += 2 + group.count
            }
            guard repeated else {
                // Not repeated: groups inside it may be.
                output.append("(")
                index += 1
                continue
            }
            output.append(contentsOf: group)
            output.append(contentsOf: ", …")
            index = next
        }
        return String(output)
    }

    private static func matchingParenthesis(_ characters: [Character], from start: Int) -> Int? {
        var depth = 0
        var quote: Character?
        for index in start..<characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"", "`": quote = character
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\n" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\n" }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}
