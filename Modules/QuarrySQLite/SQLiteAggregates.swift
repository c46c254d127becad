import CSQLite
import Foundation

/// The statistical aggregates PostgreSQL has and SQLite lacks, registered on
/// every connection under PostgreSQL's names so that one query text works
/// on both: `stddev_samp(x)` and `var_samp(x)` (sample statistics, `NULL`
/// for fewer than two values), computed with Welford's algorithm.
enum SQLiteAggregates {
    /// Running state kept by SQLite per group (zeroed on first use).
    private struct Welford {
        var count: Double
        var mean: Double
        var m2: Double
    }


    static func register(on handle: OpaquePointer) -> Int32 {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        // `sqlite3_user_data` marks the function: non-nil is the standard deviation.
        for (name, marker) in [("stddev_samp", UnsafeMutableRawPointer(bitPattern: 1)), ("var_samp", nil)] {
            let code = sqlite3_create_function_v2(handle, name, 1, flags, marker, nil, step, final, nil)
            if code != SQLITE_OK { return code }
        }
        return SQLITE_OK
    }

    private static let step: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        guard let arguments, let value = arguments[0], sqlite3_value_type(value) != SQLITE_NULL,
            let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<Welford>.size))
        else { return }
        let state = raw.bindMemory(to: Welford.self, capacity: 1)
        let x = sqlite3_value_double(value)
        state.pointee.count += 1
        let delta = x - state.pointee.mean
        state.pointee.mean += delta / state.pointee.count
        state.pointee.m2 += delta * (x - state.pointee.mean)
    }

    private static let final: @convention(c) (OpaquePointer?) -> Void = { context in
        // Asking for 0 bytes returns the state only if a step created it.
        guard let raw = sqlite3_aggregate_context(context, 0) else {
            sqlite3_result_null(context)
            return
        }
        let state = raw.bindMemory(to: Welford.self, capacity: 1).pointee
        guard state.count >= 2 else {
            sqlite3_result_null(context)
            return
        }
        let variance = state.m2 / (state.count - 1)
        sqlite3_result_double(context, sqlite3_user_data(context) != nil ? variance.squareRoot() : variance)
    }
}
