import Foundation
import Quarry
import QuarryTesting
import Synchronization
import Testing

/// Records hook calls for the task running a test (parallel-safe).
final class HookLog: Sendable {
    @TaskLocal static var current: HookLog?
    private let entries = Mutex<[String]>([])
    /// Hooks named here throw.
    let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    var calls: [String] { entries.withLock { $0 } }

    func record(_ hook: String) throws {
        entries.withLock { $0.append(hook) }
        if failing.contains(hook) { throw HookRefused(hook: hook) }
    }
}

struct HookRefused: Error, Equatable { var hook: String }

@Model(table: "notes")
struct Note: Equatable {
    @ID var id: Int64?
    var body: String
    var version: Int = 1

    mutating func willSave(on db: some QueryExecutor) async throws {
        try HookLog.current?.record("willSave")
        body = body.trimmingCharacters(in: .whitespaces)
    }
    mutating func willCreate(on db: some QueryExecutor) async throws { try HookLog.current?.record("willCreate") }
    func didCreate(on db: some QueryExecutor) async throws { try HookLog.current?.record("didCreate:\(id != nil)") }
    mutating func willUpdate(on db: some QueryExecutor) async throws {
        try HookLog.current?.record("willUpdate")
        version += 1
    }
    func didUpdate(on db: some QueryExecutor) async throws { try HookLog.current?.record("didUpdate") }
    func didSave(on db: some QueryExecutor) async throws { try HookLog.current?.record("didSave") }
    func willDelete(on db: some QueryExecutor) async throws { try HookLog.current?.record("willDelete") }
    func didDelete(on db: some QueryExecutor) async throws { try HookLog.current?.record("didDelete") }
}

/// Collects delivered events.
final class EventLog: Sendable {
    private let entries = Mutex<[String]>([])
    var events: [String] { entries.withLock { $0 } }
    func append(_ event: String) { entries.withLock { $0.append(event) } }
}

/// A database sharing `db`'s pool with its own event bus, and a log of its Note events.
private func withSignals(_ db: Database) -> (Database, EventLog) {
    let isolated = Database(driver: db.driver, logger: db.logger, signals: Signals())
    let log = EventLog()
    isolated.signals.subscribe(to: Note.self) { event in
        log.append("\(event.kind.rawValue):\(event.before?.body ?? "-")→\(event.after?.body ?? "-")")
    }
    return (isolated, log)
}

@Suite("Model hooks and signals")
struct HooksAndSignalsTests {
    @Test("hooks run in order around insert, update and delete, and may change the row", arguments: TestDatabase.all)
    func hookOrder(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Note.self)
            let log = HookLog()
            try await HookLog.$current.withValue(log) {
                var note = try await Note(body: "  padded  ").insert(on: db)
                #expect(note.body == "padded")
                note.body = "edited"
                note = try await note.update(on: db)
                #expect(note.version == 2)
                try await note.delete(on: db)
            }
            #expect(log.calls == [
                "willSave", "willCreate", "didCreate:true", "didSave",
                "willSave", "willUpdate", "didUpdate", "didSave",
                "willDelete", "didDelete",
            ])
        }
    }

    @Test("a throwing will-hook aborts and nothing is written", arguments: TestDatabase.all)
    func abortingHooks(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Note.self)
            let kept = try await Note(body: "kept").insert(on: db)

            await HookLog.$current.withValue(HookLog(failing: ["willCreate"])) {
                await #expect(throws: HookRefused(hook: "willCreate")) {
                    try await Note.insert([Note(body: "a"), Note(body: "b")], on: db)
                }
            }
            await HookLog.$current.withValue(HookLog(failing: ["willUpdate"])) {
                var changed = kept
                changed.body = "changed"
                await #expect(throws: HookRefused(hook: "willUpdate")) { try await changed.update(on: db) }
            }
            await HookLog.$current.withValue(HookLog(failing: ["willDelete"])) {
                await #expect(throws: HookRefused(hook: "willDelete")) { try await kept.delete(on: db) }
            }
            #expect(try await Note.all(on: db) == [kept])
        }
    }

    @Test("events arrive at once in autocommit, with before and after", arguments: TestDatabase.all)
    func autocommitEvents(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Note.self)
            let (db, log) = withSignals(db)
            var note = try await Note(body: "one").insert(on: db)
            #expect(log.events == ["created:-→one"])
            note.body = "two"
            note = try await note.update(on: db)
            try await Note.delete(on: db, id: note.id!)
            #expect(log.events == ["created:-→one", "updated:one→two", "deleted:two→-"])
        }
    }

    @Test("events inside a transaction arrive after COMMIT, never after ROLLBACK", arguments: TestDatabase.all)
    func transactionalEvents(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Note.self)
            let (db, log) = withSignals(db)
            try await db.transaction { tx in
                try await Note(body: "committed").insert(on: tx)
                #expect(log.events.isEmpty, "nothing before the commit")
                try? await tx.transaction { savepoint in
                    try await Note(body: "rolled back to savepoint").insert(on: savepoint)
                    throw HookRefused(hook: "savepoint")
                }
                try await tx.transaction { savepoint in
                    try await Note(body: "released savepoint").insert(on: savepoint)
                }
            }
            #expect(log.events == ["created:-→committed", "created:-→released savepoint"])

            try? await db.transaction { tx in
                try await Note(body: "lost").insert(on: tx)
                throw HookRefused(hook: "rollback")
            }
            #expect(log.events.count == 2)
            #expect(try await Note.count(on: db) == 2)
        }
    }

    @Test("a subscriber to every model hears each event; a cancelled one hears none", arguments: TestDatabase.all)
    func allModelsAndCancel(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Note.self)
            let isolated = Database(driver: db.driver, logger: db.logger, signals: Signals())
            let tables = EventLog()
            let cancelled = EventLog()
            isolated.signals.subscribeAll { tables.append("\($0.table):\($0.kind.rawValue)") }
            let subscription = isolated.signals.subscribe(to: Note.self) { _ in cancelled.append("heard") }
            subscription.cancel()
            try await Note(body: "x").insert(on: isolated)
            #expect(tables.events == ["notes:created"])
            #expect(cancelled.events.isEmpty)
        }
    }
}
