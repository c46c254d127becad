import Foundation

/// Which statements leave state on a PostgreSQL session beyond their
/// transaction, and how a pooled connection sheds it before its next lease.
///
/// A statement that may outlive its transaction — `SET` (not `SET LOCAL`),
/// `RESET`, `set_config(…, false)`, `LISTEN`, `PREPARE`, `DECLARE`, `LOAD`,
/// `CREATE TEMP …`, a session advisory lock — marks its connection; when
/// the pool takes that connection back, ``restoreSQL`` runs before anyone
/// else may lease it, and the connection's configured settings are applied
/// again. A connection where that fails is closed, never lent again.
/// Statements are classified once, when they are prepared, so Quarry's own
/// statements pay nothing per execution.
///
/// ```swift
/// PostgresSessionState.changesSession("SET search_path TO tenant_acme")             // true
/// PostgresSessionState.changesSession("SELECT set_config($1, $2, true)")             // false: transaction-local
/// PostgresSessionState.changesSession("SELECT * FROM \"invoices\" WHERE \"id\" = $1") // false
/// ```
public enum PostgresSessionState {
    /// Returns the session to what a new connection has (before its
    /// configured settings): no parameters, role, temporary objects,
    /// cursors, listeners or session advisory locks left by a lease.
    /// Quarry's prepared statements stay.
    public static let restoreSQL = """
        CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; \
        SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES
        """

    /// Whether `sql` may leave state on the session once its transaction ends.
    public static func changesSession(_ sql: String) -> Bool {
        let text = sql.lowercased()
        let words = leadingWords(text, count: 3)
        switch words.first {
        case "set":
            // SET LOCAL, SET TRANSACTION and SET CONSTRAINTS end with the transaction.
            return !["local", "transaction", "constraints"].contains(words.dropFirst().first ?? "")
        case "reset", "listen", "prepare", "declare", "load":
            return true
        case "create":
            let rest = words.dropFirst()
            return rest.contains("temp") || rest.contains("temporary")
        default:
            break
        }
        if text.contains("pg_advisory_lock") || text.contains("pg_try_advisory_lock") { return true }
        return hasSessionWideSetConfig(text)
    }

    /// The first `count` words of `text`, skipping whitespace, comments and
    /// an opening parenthesis.
    private static func leadingWords(_ text: String, count: Int) -> [Substring] {
        var rest = Substring(text)
        var words: [Substring] = []
        while words.count < count {
            rest = rest.drop { $0.isWhitespace || $0 == "(" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
                continue
            }
            if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return words }
                rest = rest[end.upperBound...]
                continue
            }
            let word = rest.prefix { $0.isLetter || $0 == "_" }
            guard !word.isEmpty else { return words }
            words.append(word)
            rest = rest[word.endIndex...]
        }
        return words
    }

    /// Whether a `set_config(…)` call in `text` has a third argument other
    /// than the literal `true` (transaction-local).
    private static func hasSessionWideSetConfig(_ text: String) -> Bool {
        var rest = Substring(text)
        while let call = rest.range(of: "set_config") {
            rest = rest[call.upperBound...]
            guard let open = rest.firstIndex(where: { !$0.isWhitespace }), rest[open] == "(" else { continue }
            var depth = 0
            var lastArgumentStart = rest.index(after: open)
            var index = open
            var closed = false
            while index < rest.endIndex {
                switch rest[index] {
                case "(": depth += 1
                case ")":
                    depth -= 1
                    if depth == 0 { closed = true }
                case "," where depth == 1:
                    lastArgumentStart = rest.index(after: index)
                default: break
                }
                if closed { break }
                index = rest.index(after: index)
            }
            guard closed else { return true }
            let last = rest[lastArgumentStart..<index].trimmingCharacters(in: .whitespacesAndNewlines)
            if last != "true" { return true }
            rest = rest[index...]
        }
        return false
    }
}
