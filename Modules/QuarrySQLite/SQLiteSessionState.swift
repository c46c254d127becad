import CSQLite
import Quarry

/// Which statements leave state on an SQLite connection beyond their
/// transaction, and how a pooled connection sheds it before its next lease.
///
/// SQLite's authorizer tells, while a statement is compiled, whether it
/// attaches a database, creates a temporary table, index, view or trigger (a
/// temporary table shadows the main one of the same name for every later
/// statement on the connection), or sets a pragma. Such a statement marks
/// its connection; when the pool takes the connection back, the settings a
/// lease may change are put back, attached databases are detached and
/// temporary objects dropped. Statements are classified once, when
/// prepared, so Quarry's own statements pay nothing per execution.
///
/// Pragmas restored: Quarry's own (`foreign_keys`, `case_sensitive_like`,
/// `busy_timeout = 0`, `synchronous` on a file's writer) and the ones that
/// change what statements mean (`query_only`, `recursive_triggers`,
/// `defer_foreign_keys`, `reverse_unordered_selects`,
/// `ignore_check_constraints`). Others (`cache_size`, `temp_store`, …) only
/// tune performance and stay.
///
/// ```swift
/// try await db.session { s in
///     try await s.execute("CREATE TEMP TABLE notes (body TEXT)")   // shadows main.notes, for this lease only
/// }
/// ```
enum SQLiteSessionState {
    /// What the authorizer saw while one statement was compiled.
    final class Findings {
        var changesSession = false
    }

    /// Pragmas that only read, though they take an argument.
    static let readingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check",
    ]

    /// Installs the authorizer that fills `findings` on `handle`.
    static func observe(_ handle: OpaquePointer, into findings: Findings) {
        sqlite3_set_authorizer(handle, { context, action, first, second, _, _ in
            guard let context else { return SQLITE_OK }
            let findings = Unmanaged<Findings>.fromOpaque(context).takeUnretainedValue()
            switch action {
            case SQLITE_ATTACH, SQLITE_CREATE_TEMP_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TRIGGER,
                SQLITE_CREATE_TEMP_VIEW:
                findings.changesSession = true
            case SQLITE_PRAGMA where second != nil:
                let name = first.map { String(cString: $0).lowercased() } ?? ""
                if !SQLiteSessionState.readingPragmas.contains(name) { findings.changesSession = true }
            default:
                break
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(findings).toOpaque())
    }

    /// The pragmas a lease may have changed, as a new connection has them.
    static func restorePragmas(isFileWriter: Bool) -> String {
        var pragmas = [
            "foreign_keys = ON", "case_sensitive_like = ON", "busy_timeout = 0", "query_only = OFF",
            "recursive_triggers = OFF", "defer_foreign_keys = OFF", "reverse_unordered_selects = OFF",
            "ignore_check_constraints = OFF",
        ]
        if isFileWriter { pragmas.append("synchronous = NORMAL") }
        return pragmas.map { "PRAGMA \($0);" }.joined(separator: " ")
    }

    /// Lists the attached databases, then the temporary triggers, views and
    /// tables (dropping a table drops its indexes), in that order.
    static let attachedDatabasesSQL = "SELECT name FROM pragma_database_list WHERE name NOT IN ('main', 'temp')"
    static let temporaryObjectsSQL = """
        SELECT type, name FROM temp.sqlite_master WHERE type IN ('trigger', 'view', 'table') \
        ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 ELSE 2 END
        """
}
