import Foundation
import CSQLite
import Quarry

/// Maps an SQLite result code and message to ``QuarryError``.
enum SQLiteError {
    // Extended result codes are C macro expressions, which Swift does not import.
    static let constraintCheck = SQLITE_CONSTRAINT | (1 << 8)
    static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
    static let constraintNotNull = SQLITE_CONSTRAINT | (5 << 8)
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintTrigger = SQLITE_CONSTRAINT | (7 << 8)

    static func make(code: Int32, message: String, sql: String?) -> QuarryError {
        let primary = code & 0xFF
        var info = DatabaseErrorInfo(message: message, sqliteExtendedCode: code, sql: sql)
        // SQLite names what failed after the colon: "UNIQUE constraint failed: users.email".
        let detail = message.split(separator: ":", maxSplits: 1).dropFirst().first
            .map { $0.trimmingCharacters(in: .whitespaces) }
        switch code {
        case constraintUnique, constraintPrimaryKey:
            info.constraint = detail
            if let detail, !detail.contains(","), let dot = detail.firstIndex(of: ".") {
                info.table = String(detail[..<dot])
                info.column = String(detail[detail.index(after: dot)...])
            }
            return .uniqueViolation(info)
        case constraintForeignKey:
            return .foreignKeyViolation(info)
        // ON DELETE RESTRICT fails through SQLite's trigger machinery.
        case constraintTrigger where message.contains("FOREIGN KEY constraint failed"):
            return .foreignKeyViolation(info)
        case constraintNotNull:
            info.constraint = detail
            if let detail, let dot = detail.firstIndex(of: ".") {
                info.table = String(detail[..<dot])
                info.column = String(detail[detail.index(after: dot)...])
            }
            return .notNullViolation(info)
        case constraintCheck:
            info.constraint = detail
            return .checkViolation(info)
        default:
            break
        }
        switch primary {
        case SQLITE_INTERRUPT:
            return .cancelled(sql: sql)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .timeout(info)
        case SQLITE_CANTOPEN, SQLITE_NOTADB:
            return .connectionFailed(info)
        case SQLITE_ERROR where message.contains("syntax error") || message.contains("incomplete input"):
            return .syntax(info)
        case SQLITE_ERROR where message == SQLiteIntegerArithmetic.overflowMessage:
            return .invalidValue("integer overflow: the result leaves the 64-bit range, nothing was changed")
        default:
            return .database(info)
        }
    }
}
