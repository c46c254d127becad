import Foundation
import HTTPTypes
import HummingbirdTesting
import InMemoryTracing
import Quarry
import QuarryCache
import QuarryHummingbird
import QuarryTesting
import QuarryTracing
import Testing
import Tracing

@Model(table: "traced_notes")
struct TracedNote {
    @ID var id: Int64?
    @Column(.unique) var code: String
    var secret: String
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryTracing: spans for statements, transactions, checkouts and cache reads, by OpenTelemetry's database conventions")
struct TracingTests {
    @Test("statement spans carry the database conventions' attributes and never a bind value", arguments: TestDatabase.all)
    func statementSpans(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init()) { db in try await statementScenario(db, database) }
    }

    @Test("transactions, savepoints and their statements nest under the caller's span", arguments: TestDatabase.all)
    func nesting(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), nestingScenario)
    }

    @Test("a failed statement records its typed error and the database's code on its span", arguments: TestDatabase.all)
    func failures(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init()) { db in try await failureScenario(db, database) }
    }

    @Test("a checkout that waited for a connection is a span under the work that waited", arguments: TestDatabase.all)
    func checkouts(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1), checkoutScenario)
    }

    @Test("cache reads are spans that say whether they hit", arguments: TestDatabase.all)
    func cacheReads(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), cacheScenario)
    }

    @Test("a Hummingbird request span (TracingMiddleware) is the parent of the request's database spans")
    func requestSpans() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), requestScenario)
    }
}

/// The tracer bootstrapped for the whole test process (Hummingbird's
/// `TracingMiddleware` uses the global one); other cases pass their own.
private enum GlobalTracer {
    static let shared: InMemoryTracer = {
        let tracer = InMemoryTracer()
        InstrumentationSystem.bootstrap(tracer)
        return tracer
    }()
}

/// A tracer of the case's own with `db` attached to it (detach when done).
private func attachedTracer(to db: Database) -> (InMemoryTracer, DatabaseTracing) {
    let tracer = InMemoryTracer()
    let tracing = DatabaseTracing(tracer: tracer)
    tracing.attach(to: db)
    return (tracer, tracing)
}

private func string(_ span: FinishedInMemorySpan, _ name: String) -> String? {
    if case .string(let value)? = span.attributes.get(name) { return value }
    return nil
}

private func int(_ span: FinishedInMemorySpan, _ name: String) -> Int64? {
    switch span.attributes.get(name) {
    case .int64(let value)?: value
    case .int32(let value)?: Int64(value)
    default: nil
    }
}

private func bool(_ span: FinishedInMemorySpan, _ name: String) -> Bool? {
    if case .bool(let value)? = span.attributes.get(name) { return value }
    return nil
}

private func statementScenario(_ db: Database, _ database: TestDatabase) async throws {
    try await db.createTables(TracedNote.self)
    let tracer = InMemoryTracer()
    let tracing = DatabaseTracing(tracer: tracer)
    tracing.attach(to: db)
    tracing.attach(to: db)                                // twice: traced once
    let note = try await TracedNote(code: "a", secret: "s3cret-value").insert(on: db)
    let found = try await TracedNote.filter { $0.code == "a" }.all(on: db)
    #expect(found.count == 1)
    tracing.detach(from: db)
    _ = try await TracedNote.get(on: db, id: note.id!)   // after stop: no span

    // (A first read on SQLite opens a reader: a checkout that took time, traced too.)
    let spans = tracer.finishedSpans.filter { $0.kind == .client }
    #expect(spans.count == 2, "\(spans.map { ($0.operationName, string($0, "db.query.text")) })")
    let insert = try #require(spans.first { $0.operationName == "INSERT traced_notes" }, "\(spans.map(\.operationName))")
    let select = try #require(spans.first { $0.operationName == "SELECT traced_notes" }, "\(spans.map(\.operationName))")
    let system = database == .postgres ? "postgresql" : "sqlite"
    for span in [insert, select] {
        #expect(span.kind == .client)
        #expect(string(span, "db.system.name") == system)
        #expect(string(span, "db.collection.name") == "traced_notes")
        #expect(string(span, "db.namespace")?.isEmpty == false)
        let text = try #require(string(span, "db.query.text"))
        #expect(!text.contains("s3cret-value") && !text.contains("'a'"), "no bind values: \(text)")
        #expect(text.contains(database == .postgres ? "$1" : "?"), "placeholders kept: \(text)")
        #expect(span.errors.isEmpty && span.status == nil)
        #expect(span.endInstant.nanosecondsSinceEpoch >= span.startInstant.nanosecondsSinceEpoch)
        if database == .postgres {
            #expect(string(span, "server.address") != nil)
            #expect(int(span, "server.port") ?? 0 > 0)
        } else {
            #expect(span.attributes.get("server.address") == nil, "an embedded database has no server")
        }
    }
    #expect(string(insert, "db.operation.name") == "INSERT")
    #expect(string(select, "db.operation.name") == "SELECT")
    #expect(int(select, "db.response.returned_rows") == 1)
    #expect(Set(spans.map(\.traceID)).count == 2, "with no caller span, each statement starts its own trace")

    // With no tracer to export to (swift-distributed-tracing's no-op one), attaching registers nothing.
    DatabaseTracing(tracer: NoOpTracer()).attach(to: db)
    #expect(db.observers.all.isEmpty, "nothing observes the statements: they cost what they cost untraced")

    let quiet = InMemoryTracer()
    let textless = DatabaseTracing(tracer: quiet, options: .init(recordsQueryText: false))
    textless.attach(to: db)
    _ = try await TracedNote.filter { $0.code == "a" }.count(on: db)
    textless.detach(from: db)
    #expect(quiet.finishedSpans.count == 1)
    #expect(quiet.finishedSpans.allSatisfy { $0.attributes.get("db.query.text") == nil })
}

private struct Rollback: Error {}

private func nestingScenario(_ db: Database) async throws {
    try await db.createTables(TracedNote.self)
    let (tracer, tracing) = attachedTracer(to: db)
    defer { tracing.detach(from: db) }
    try await tracer.withSpan("request") { _ in
        try await db.transaction { tx in
            _ = try await TracedNote(code: "outer", secret: "x").insert(on: tx)
            do {
                try await tx.transaction { savepoint in
                    _ = try await TracedNote(code: "inner", secret: "y").insert(on: savepoint)
                    throw Rollback()
                }
            } catch is Rollback {}
        }
    }
    let spans = tracer.finishedSpans
    let byName = Dictionary(grouping: spans, by: \.operationName)
    let request = try #require(byName["request"]?.first)
    let transaction = try #require(byName["transaction"]?.first, "\(spans.map(\.operationName))")
    let savepoint = try #require(byName["savepoint"]?.first, "\(spans.map(\.operationName))")
    let inserts = byName["INSERT traced_notes"] ?? []
    #expect(inserts.count == 2)
    #expect(Set(spans.map(\.traceID)) == [request.traceID], "one trace")
    #expect(transaction.parentSpanID == request.spanID)
    #expect(transaction.kind == .internal)
    #expect(savepoint.parentSpanID == transaction.spanID)
    #expect(int(savepoint, "quarry.savepoint.depth") == 1)
    #expect(Set(inserts.map(\.parentSpanID)) == [transaction.spanID, savepoint.spanID], "each INSERT under its own work")
    #expect(savepoint.errors.count == 1 && savepoint.status?.code == .error, "the savepoint rolled back with an error")
    #expect(string(savepoint, "error.type") == "Rollback")
    #expect(transaction.errors.isEmpty, "the transaction committed")
    // Every statement of the transaction (BEGIN, COMMIT, SAVEPOINT … included) is inside it.
    for span in spans where span.kind == .client {
        #expect(span.parentSpanID == transaction.spanID || span.parentSpanID == savepoint.spanID, "\(span.operationName)")
    }
}

private func failureScenario(_ db: Database, _ database: TestDatabase) async throws {
    try await db.createTables(TracedNote.self)
    _ = try await TracedNote(code: "taken", secret: "x").insert(on: db)
    let (tracer, tracing) = attachedTracer(to: db)
    defer { tracing.detach(from: db) }
    await #expect(throws: QuarryError.self) {
        _ = try await TracedNote(code: "taken", secret: "again").insert(on: db)
    }
    await #expect(throws: QuarryError.self) {
        try await db.transaction { tx in _ = try await TracedNote(code: "taken", secret: "again").insert(on: tx) }
    }
    let spans = tracer.finishedSpans
    let failed = spans.filter { $0.operationName == "INSERT traced_notes" }
    #expect(failed.count == 2)
    for span in failed {
        #expect(span.errors.count == 1)
        #expect(span.status?.code == .error)
        #expect(string(span, "error.type") == "uniqueViolation")
        #expect(string(span, "db.response.status_code") == (database == .postgres ? "23505" : "2067"))
    }
    let transaction = try #require(spans.first { $0.operationName == "transaction" })
    #expect(string(transaction, "error.type") == "uniqueViolation", "the transaction's span fails with the statement's error")
}

private func checkoutScenario(_ db: Database) async throws {
    try await db.createTables(TracedNote.self)
    let (tracer, tracing) = attachedTracer(to: db)
    defer { tracing.detach(from: db) }
    // One connection to write with (SQLite's writer; PostgreSQL's pool of 1):
    // the second transaction waits for the first.
    let holding = Task {
        try await db.transaction { tx in
            _ = try await TracedNote(code: "first", secret: "x").insert(on: tx)
            try await Task.sleep(for: .milliseconds(300))
        }
    }
    try await Task.sleep(for: .milliseconds(100))
    try await tracer.withSpan("waiting work") { _ in
        try await db.transaction { tx in _ = try await TracedNote(code: "second", secret: "y").insert(on: tx) }
    }
    try await holding.value
    let spans = tracer.finishedSpans
    let waiting = try #require(spans.first { $0.operationName == "waiting work" })
    let checkouts = spans.filter { $0.operationName == "pool checkout" && $0.traceID == waiting.traceID }
    let checkout = try #require(checkouts.first, "\(spans.map(\.operationName))")
    let transaction = try #require(spans.first { $0.operationName == "transaction" && $0.traceID == waiting.traceID })
    #expect(checkout.parentSpanID == transaction.spanID)
    #expect(string(checkout, "db.client.connection.pool.name")?.isEmpty == false)
    let waited = checkout.endInstant.nanosecondsSinceEpoch - checkout.startInstant.nanosecondsSinceEpoch
    #expect(waited >= 50_000_000, "the span covers the wait (\(waited) ns)")
}

private func cacheScenario(_ db: Database) async throws {
    try await db.createTables(TracedNote.self)
    _ = try await TracedNote(code: "c", secret: "x").insert(on: db)
    let cache = QueryCache()
    let (tracer, tracing) = attachedTracer(to: db)
    defer { tracing.detach(from: db) }
    for _ in 0..<2 {
        #expect(try await TracedNote.filter { $0.code == "c" }.cached(in: cache).all(on: db).count == 1)
    }
    let reads = tracer.finishedSpans.filter { $0.operationName == "cache read" }
    #expect(reads.map { bool($0, "quarry.cache.hit") } == [false, true])
    #expect(reads.allSatisfy { string($0, "quarry.cache.store") == "QueryCache" })
    #expect(reads.allSatisfy { string($0, "db.collection.name") == "traced_notes" })
    #expect(tracer.finishedSpans.filter { $0.operationName == "SELECT traced_notes" }.count == 1, "the hit ran no statement")
}

private func requestScenario(_ db: Database) async throws {
    try await db.createTables(TracedNote.self)
    let tracer = GlobalTracer.shared
    let tracing = DatabaseTracing()                                // the bootstrapped tracer
    tracing.attach(to: db)
    defer { tracing.detach(from: db) }
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: TracingMiddleware())
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    try CRUDRouter(TracedNote.self, path: "traced-notes", cursorSecret: Array(repeating: 9, count: 32)).register(on: router)
    try await Application(router: router).test(.router) { client in
        let created = try await client.execute(
            uri: "/traced-notes", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"code": "from-http", "secret": "s"}"#))
        #expect(created.status == .created)
    }
    let spans = tracer.finishedSpans
    let insert = try #require(spans.first {
        $0.operationName == "INSERT traced_notes" && string($0, "db.namespace").map { db.identity.hasSuffix($0) } == true
    }, "\(spans.map(\.operationName))")
    let server = try #require(spans.first { $0.spanID == insert.parentSpanID || $0.traceID == insert.traceID && $0.kind == .server })
    #expect(server.kind == .server, "\(server.operationName)")
    #expect(server.traceID == insert.traceID)
    // The INSERT is the request span's child, or its grandchild through the request's transaction.
    let parent = try #require(spans.first { $0.spanID == insert.parentSpanID })
    #expect(parent.spanID == server.spanID || parent.parentSpanID == server.spanID, "\(parent.operationName)")
}
