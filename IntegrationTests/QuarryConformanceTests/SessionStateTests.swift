import Foundation
import Quarry
import QuarryPostgres
import QuarrySQLite
import QuarryTesting
import Synchronization
import Testing

/// What the next lease of a pooled PostgreSQL connection sees.
private struct SessionSnapshot: Equatable, CustomStringConvertible {
    var pid: Int
    var searchPath: String
    var statementTimeout: String
    var applicationName: String
    var role: String
    var tempTables: Int
    var advisoryLocks: Int
    var listening: Int

    static func read(_ db: Database) async throws -> SessionSnapshot {
        try await db.session { s in
            SessionSnapshot(
                pid: try #require(try await s.fetchValue(Int.self, "SELECT pg_backend_pid()")),
                searchPath: try #require(try await s.fetchValue(String.self, "SELECT current_setting('search_path')")),
                statementTimeout: try #require(
                    try await s.fetchValue(String.self, "SELECT current_setting('statement_timeout')")),
                applicationName: try #require(
                    try await s.fetchValue(String.self, "SELECT current_setting('application_name')")),
                role: try #require(try await s.fetchValue(String.self, "SELECT current_user::text")),
                tempTables: try #require(try await s.fetchValue(
                    Int.self, "SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND pg_table_is_visible(oid)")),
                advisoryLocks: try #require(try await s.fetchValue(
                    Int.self, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")),
                listening: try #require(try await s.fetchValue(Int.self, "SELECT count(*) FROM pg_listening_channels()")))
        }
    }

    var description: String {
        "pid \(pid), search_path \(searchPath), statement_timeout \(statementTimeout), application_name '\(applicationName)', "
            + "role \(role), \(tempTables) temp tables, \(advisoryLocks) advisory locks, \(listening) channels"
    }
}

/// Everything a lease may change on its session, the raw way.
private func changeEverything(_ s: Session) async throws {
    try await s.execute("SET search_path TO pg_catalog")
    _ = try await s.fetchAll("SELECT set_config('statement_timeout', '1234', false)")
    try await s.execute("SET application_name = 'leaked'")
    try await s.execute("CREATE TEMP TABLE scratch (n integer)")
    _ = try await s.fetchAll("SELECT pg_advisory_lock(\(Int64(4_242_424)))")
    try await s.execute("LISTEN quarry_leaked")
    try await s.execute("SET ROLE pg_read_all_data")
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Pool: session state belongs to the pool")
struct SessionStateTests {
    @Test("a session's SET, set_config, role, temp table, advisory lock and LISTEN do not reach the next lease")
    func sessionChanges() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 1, statementTimeout: .seconds(30)), sessionScenario)
    }

    @Test("raw SET and set_config on the database itself last one statement, not the pooled connection's life")
    func autocommitChanges() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 1, statementTimeout: .seconds(30)), autocommitScenario)
    }

    @Test("a task cancelled inside a session that changed it still leaves a clean connection")
    func cancelledSession() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 1, statementTimeout: .seconds(30)), cancelScenario)
    }

    @Test("transaction-local settings and Quarry's own statements keep the connection without a restore")
    func localSettingsAreFree() async throws {
        try await TestDatabase.postgres.withDatabase(.init(maxConnections: 1), localScenario)
    }

    @Test("SQLite: a session's temp table, attached database and pragmas do not reach the next lease")
    func sqliteSessionChanges() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), sqliteScenario)
    }

    @Test("SQLite: a memory database keeps its data when a lease's state is restored")
    func sqliteMemory() async throws {
        let db = try await Database.sqlite(.memory)
        try await sqliteScenario(db)
        await db.close()
    }

    @Test("SQLite: a lone statement run at once that changes its connection (a pragma, an open transaction) leaves it reset for the next")
    func sqliteImmediateChanges() async throws {
        let db = try await Database.sqlite(.memory)
        for _ in 0..<3 {
            // fetchAll runs at once on the ready connection (no wait needed).
            _ = try await db.fetchAll("PRAGMA foreign_keys = OFF")
            #expect(try await db.fetchValue(Int.self, "PRAGMA foreign_keys") == 1, "the pool restored the pragma")
            _ = try await db.fetchAll("BEGIN")
            // A transaction left open by the statement was rolled back: a new one can begin.
            try await db.transaction { tx in _ = try await tx.fetchValue(Int.self, "SELECT 1") }
        }
        await db.close()
    }

    @Test("statements are classified by whether they outlive their transaction", arguments: [
        ("SET search_path TO x", true),
        ("  set Search_Path = 'x'", true),
        ("/* hint */ SET TIME ZONE 'UTC'", true),
        ("RESET ALL", true),
        ("LISTEN feed", true),
        ("PREPARE p AS SELECT 1", true),
        ("DECLARE c CURSOR WITH HOLD FOR SELECT 1", true),
        ("CREATE TEMP TABLE t (n int)", true),
        ("CREATE LOCAL TEMPORARY TABLE t (n int)", true),
        ("SELECT set_config('search_path', 'x', false)", true),
        ("SELECT set_config($1, $2, $3)", true),
        ("SELECT set_config($1, $2, true), set_config('a', 'b', false)", true),
        ("SELECT pg_advisory_lock(1)", true),
        ("SELECT pg_try_advisory_lock(1)", true),
        ("SET LOCAL search_path TO x", false),
        ("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", false),
        ("SET CONSTRAINTS ALL DEFERRED", false),
        ("SELECT set_config($1, $2, true)", false),
        ("SELECT set_config( 'a', lower('B'), TRUE )", false),
        ("SELECT pg_advisory_xact_lock(1)", false),
        ("CREATE TABLE settings (name text)", false),
        ("SELECT \"id\", \"name\" FROM \"settings\" WHERE \"id\" = $1", false),
        ("UPDATE \"resets\" SET \"n\" = $1", false),
    ])
    func classification(_ sql: String, _ changes: Bool) {
        #expect(PostgresSessionState.changesSession(sql) == changes, "\(sql)")
    }
}

private func sessionScenario(_ db: Database) async throws {
    let before = try await SessionSnapshot.read(db)
    let inside = try await db.session { s in
        try await changeEverything(s)
        return try #require(try await s.fetchValue(String.self, "SELECT current_setting('search_path')"))
    }
    let after = try await SessionSnapshot.read(db)
    #expect(inside == "pg_catalog", "the session itself sees what it set")
    #expect(after == before, "before: \(before); after: \(after)")
}

private func autocommitScenario(_ db: Database) async throws {
    let before = try await SessionSnapshot.read(db)
    try await db.execute("SET search_path TO pg_catalog")
    _ = try await db.fetchAll("SELECT set_config('statement_timeout', '1234', false)")
    _ = try await db.fetchAll("SELECT pg_advisory_lock(\(Int64(4_242_425)))")
    let after = try await SessionSnapshot.read(db)
    #expect(after == before, "before: \(before); after: \(after)")
}

private func cancelScenario(_ db: Database) async throws {
    let before = try await SessionSnapshot.read(db)
    let changed = Mutex(false)
    let task = Task {
        try await db.session { s in
            try await changeEverything(s)
            changed.withLock { $0 = true }
            try await s.execute("SELECT pg_sleep(30)")
        }
    }
    while !changed.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
    try await Task.sleep(for: .milliseconds(100))
    task.cancel()
    let outcome = await task.result
    let after = try await SessionSnapshot.read(db)
    guard case .failure(let error) = outcome, case .cancelled? = error as? QuarryError else {
        Issue.record("expected the session to be cancelled, got \(outcome)")
        return
    }
    #expect(after == before, "before: \(before); after: \(after)")
}

private func localScenario(_ db: Database) async throws {
    try await db.execute("CREATE SEQUENCE probe")
    let before = try await SessionSnapshot.read(db)
    let inside = try await db.transaction { tx in
        try await tx.setLocal("application_name", to: "local only")
        _ = try await tx.fetchValue(Int.self, "SELECT nextval('probe')")
        try await tx.execute("SET LOCAL search_path TO pg_catalog")
        return try #require(try await tx.fetchValue(String.self, "SELECT current_setting('application_name')"))
    }
    // A restore would have discarded the session's sequence state (DISCARD SEQUENCES).
    let current = try await db.fetchValue(Int.self, "SELECT currval('probe')")
    let after = try await SessionSnapshot.read(db)
    #expect(inside == "local only")
    #expect(current == 1, "no restore ran after transaction-local settings")
    #expect(after == before, "before: \(before); after: \(after)")
}

/// What the next lease of a pooled SQLite connection sees.
private func sqliteSnapshot(_ db: Database) async throws -> [String: Int] {
    try await db.session { s in
        var snapshot: [String: Int] = [:]
        snapshot["notes"] = try await s.fetchValue(Int.self, "SELECT count(*) FROM notes")
        snapshot["attached"] = try await s.fetchValue(Int.self, "SELECT count(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')")
        snapshot["temp objects"] = try await s.fetchValue(Int.self, "SELECT count(*) FROM temp.sqlite_master")
        for pragma in ["foreign_keys", "busy_timeout", "query_only", "recursive_triggers", "ignore_check_constraints"] {
            snapshot[pragma] = try await s.fetchValue(Int.self, "SELECT * FROM \(unsafeRaw: "pragma_" + pragma)")
        }
        return snapshot
    }
}

private func sqliteScenario(_ db: Database) async throws {
    try await db.execute("CREATE TABLE notes (body TEXT NOT NULL)")
    try await db.execute("INSERT INTO notes (body) VALUES (\("kept"))")
    let before = try await sqliteSnapshot(db)
    let inside = try await db.session { s in
        try await s.execute("CREATE TEMP TABLE notes (body TEXT NOT NULL)")   // shadows main.notes
        try await s.execute("CREATE TEMP VIEW recent AS SELECT * FROM notes")
        try await s.execute("ATTACH DATABASE ':memory:' AS side")
        try await s.execute("PRAGMA foreign_keys = OFF")
        try await s.execute("PRAGMA busy_timeout = 5000")
        try await s.execute("PRAGMA recursive_triggers = ON")
        try await s.execute("PRAGMA ignore_check_constraints = ON")
        try await s.execute("PRAGMA query_only = ON")
        return try await s.fetchValue(Int.self, "SELECT count(*) FROM notes")
    }
    let after = try await sqliteSnapshot(db)
    #expect(inside == 0, "inside the session the temporary table shadows the main one")
    #expect(before["notes"] == 1 && before["foreign_keys"] == 1 && before["busy_timeout"] == 0)
    #expect(after == before, "before: \(before); after: \(after)")
}
