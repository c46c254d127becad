import CSQLite
import Quarry

/// Exact integer `+`, `-` and `*` for SQLite, registered on every
/// connection: SQLite turns an integer result beyond 64 bits into a float
/// (and a later read of the column fails), PostgreSQL raises an error; these
/// raise the same error. Other operands (a float, text that reads as one)
/// keep SQLite's own arithmetic; `NULL` stays `NULL`.
///
/// ```sql
/// UPDATE counters SET hits = quarry_add(hits, ?1)   -- "integer overflow" past Int64.max
/// ```
enum SQLiteIntegerArithmetic {
    /// The SQL function for each operator.
    static let functions: [String: String] = ["+": "quarry_add", "-": "quarry_subtract", "*": "quarry_multiply"]

    /// The message the functions fail with (mapped to ``QuarryError/invalidValue(_:)``).
    static let overflowMessage = "integer overflow"

    static func register(on handle: OpaquePointer) -> Int32 {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        for (marker, name) in [(1, "quarry_add"), (2, "quarry_subtract"), (3, "quarry_multiply")] {
            let code = sqlite3_create_function_v2(
                handle, name, 2, flags, UnsafeMutableRawPointer(bitPattern: marker), apply, nil, nil, nil)
            if code != SQLITE_OK { return code }
        }
        return SQLITE_OK
    }

    private static let apply: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        guard let arguments, let lhs = arguments[0], let rhs = arguments[1] else { return }
        let operation = Int(bitPattern: sqlite3_user_data(context))
        let left = sqlite3_value_numeric_type(lhs), right = sqlite3_value_numeric_type(rhs)
        if left == SQLITE_NULL || right == SQLITE_NULL {
            sqlite3_result_null(context)
            return
        }
        guard left == SQLITE_INTEGER && right == SQLITE_INTEGER else {
            let a = sqlite3_value_double(lhs), b = sqlite3_value_double(rhs)
            sqlite3_result_double(context, operation == 1 ? a + b : operation == 2 ? a - b : a * b)
            return
        }
        let a = sqlite3_value_int64(lhs), b = sqlite3_value_int64(rhs)
        let (result, overflow) = operation == 1
            ? a.addingReportingOverflow(b) : operation == 2 ? a.subtractingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
        if overflow {
            sqlite3_result_error(context, SQLiteIntegerArithmetic.overflowMessage, -1)
        } else {
            sqlite3_result_int64(context, result)
        }
    }
}

extension SQLiteDialect {
    /// `quarry_add(lhs, rhs)` and its siblings (`SQLiteIntegerArithmetic`).
    public func integerArithmetic(_ op: String, _ lhs: SQL, _ rhs: SQL) -> SQL {
        guard let function = SQLiteIntegerArithmetic.functions[op] else {
            return "(" + lhs + SQL(stringLiteral: " \(op) ") + rhs + ")"
        }
        return SQL(stringLiteral: function + "(") + lhs + ", " + rhs + ")"
    }
}
