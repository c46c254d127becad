import Foundation
import CLibPQ
import Quarry

/// Maps a failed libpq result to ``QuarryError``.
enum PostgresError {
    /// The error of `result` (or of the connection when there is no result).
    static func make(result: OpaquePointer?, connection: OpaquePointer, sql: String?, cancelRequested: Bool) -> QuarryError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let message = field("M") ?? String(cString: PQerrorMessage(connection))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let state = field("C")
        let info = DatabaseErrorInfo(
            message: message, sqlState: state, constraint: field("n"), table: field("t"), column: field("c"), sql: sql)
        if PQstatus(connection) == CONNECTION_BAD {
            return .connectionLost(info)
        }
        switch state {
        case "23505": return .uniqueViolation(info)
        case "23503": return .foreignKeyViolation(info)
        case "23502": return .notNullViolation(info)
        case "23514": return .checkViolation(info)
        case "40001": return .serializationFailure(info)
        case "40P01": return .deadlock(info)
        case "42601" where message.contains("multiple commands"):
            return .invalidArgument(name: "sql", reason: "holds more than one statement; run them one at a time: \(sql ?? "")")
        case "42601": return .syntax(info)
        // 57014 is both a cancel request and statement_timeout.
        case "57014": return cancelRequested ? .cancelled(sql: sql) : .timeout(info)
        case "55P03": return .timeout(info)  // lock_not_available (lock_timeout, NOWAIT)
        // numeric_value_out_of_range: integer overflow, as SQLite's exact arithmetic reports it.
        case "22003": return .invalidValue("\(message), nothing was changed")
        case let state? where state.hasPrefix("08") || state.hasPrefix("57P"):
            return .connectionLost(info)
        default: return .database(info)
        }
    }
}
