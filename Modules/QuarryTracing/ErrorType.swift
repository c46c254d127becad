import Quarry

/// OpenTelemetry's `error.type` for an error — the `QuarryError` case
/// (`uniqueViolation`, `timeout`, …) or the error's type name — and
/// `db.response.status_code`: the database's own code (SQLSTATE on
/// PostgreSQL, the extended result code on SQLite).
///
/// ```swift
/// ErrorType(QuarryError.poolClosed).name   // "poolClosed"
/// ```
struct ErrorType {
    let name: String
    let statusCode: String?

    init(_ error: any Error) {
        guard let error = error as? QuarryError else {
            name = String(describing: type(of: error))
            statusCode = nil
            return
        }
        name = Self.caseName(error)
        if let info = error.databaseInfo {
            statusCode = info.sqlState ?? info.sqliteExtendedCode.map { String($0) }
        } else {
            statusCode = nil
        }
    }

    private static func caseName(_ error: QuarryError) -> String {
        switch error {
        case .uniqueViolation: "uniqueViolation"
        case .foreignKeyViolation: "foreignKeyViolation"
        case .notNullViolation: "notNullViolation"
        case .checkViolation: "checkViolation"
        case .serializationFailure: "serializationFailure"
        case .deadlock: "deadlock"
        case .syntax: "syntax"
        case .timeout: "timeout"
        case .connectionLost: "connectionLost"
        case .connectionFailed: "connectionFailed"
        case .cancelled: "cancelled"
        case .poolExhausted: "poolExhausted"
        case .poolClosed: "poolClosed"
        case .database: "database"
        case .invalidConnectionString: "invalidConnectionString"
        case .invalidValue: "invalidValue"
        case .unexpectedNull: "unexpectedNull"
        case .typeMismatch: "typeMismatch"
        case .invalidArgument: "invalidArgument"
        case .misuse: "misuse"
        case .notFound: "notFound"
        case .staleObject: "staleObject"
        }
    }
}
