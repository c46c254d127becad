import Foundation
import Quarry
@testable import QuarryStreaming
import QuarryTesting
import Synchronization
import Testing

@Model(table: "stream_events")
struct StreamEvent {
    @ID var id: Int64?
    var payload: String
    @Column(.references(StreamSource.self, onDelete: .cascade)) var sourceID: Int64
    @BelongsTo var source: StreamSource?
}

@Model(table: "stream_sources")
struct StreamSource {
    @ID var id: Int64?
    var name: String
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryStreaming: queries as async sequences")
struct StreamingTests {
    @Test("every row arrives once, in order, in chunks, with prefetches per chunk", arguments: TestDatabase.all)
    func order(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), orderScenario)
    }

    @Test("leaving the loop early stops the query and the connection serves again", arguments: TestDatabase.all)
    func earlyExit(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1), earlyExitScenario)
    }

    @Test("cancelling the consuming task mid-stream stops it and frees the connection", arguments: TestDatabase.all)
    func cancellation(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1), cancellationScenario)
    }

    @Test("an error in the middle of the rows reaches the loop; the connection stays usable", arguments: TestDatabase.all)
    func midStreamError(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1), errorScenario)
    }

    @Test("the producer reads one chunk ahead of a slow consumer, no further")
    func backPressure() async throws {
        let channel = ChunkChannel<Int>()
        let sent = Atomic<Int>(0)
        let producer = Task {
            for chunk in 0..<100 {
                try await channel.send([chunk])
                sent.add(1, ordering: .relaxed)
            }
            channel.finish()
        }
        let first = try await channel.receive()
        try await Task.sleep(for: .milliseconds(200))
        let aheadWhileWaiting = sent.load(ordering: .relaxed)
        var rest: [Int] = []
        while let chunk = try await channel.receive() { rest += chunk }
        try await producer.value

        #expect(first == [0])
        #expect(aheadWhileWaiting <= 2, "sent \(aheadWhileWaiting) chunks while the consumer held one")
        #expect(rest == Array(1..<100))
    }

    @Test("inside a transaction the stream sees the transaction's own rows", arguments: TestDatabase.all)
    func inTransaction(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), transactionScenario)
    }
}

private func seed(_ db: Database, count: Int) async throws {
    try await db.createTables(StreamSource.self, StreamEvent.self)
    let sources = try await StreamSource.insert([StreamSource(name: "a"), StreamSource(name: "b")], on: db)
    try await StreamEvent.insert(
        (0..<count).map { StreamEvent(payload: "event \($0)", sourceID: sources[$0 % 2].id!) }, on: db)
}

private func orderScenario(_ db: Database) async throws {
    try await seed(db, count: 5_000)
    var ids: [Int64] = []
    var sources = Set<String>()
    let (_, statements) = try await StatementCounter.count {
        for try await event in StreamEvent.query.order({ $0.id }).prefetch(\.source).stream(on: db, chunkSize: 128) {
            ids.append(event.id!)
            if let name = event.source?.name { sources.insert(name) }
        }
    }
    var chunkSizes: [Int] = []
    try await StreamEvent.query.order { $0.id }.stream(on: db, chunkSize: 1_000) { rows in
        chunkSizes.append(rows.count)
        return true
    }
    let empty = try await StreamEvent.filter { $0.id < 0 }.stream(on: db).reduce(0) { count, _ in count + 1 }

    #expect(ids == Array(1...5_000))
    #expect(sources == ["a", "b"], "every row got its prefetched source")
    #expect(statements == 1 + 40, "one SELECT, and one prefetch per chunk of 128 (40 chunks)")
    #expect(chunkSizes == [1_000, 1_000, 1_000, 1_000, 1_000])
    #expect(empty == 0)
}

private func earlyExitScenario(_ db: Database) async throws {
    try await seed(db, count: 3_000)
    var seen = 0
    for try await _ in StreamEvent.query.order({ $0.id }).stream(on: db, chunkSize: 100) {
        seen += 1
        if seen == 150 { break }
    }
    // The only connection is back, clean: a write and a read go through.
    let start = ContinuousClock.now
    try await StreamEvent(payload: "after", sourceID: 1).insert(on: db)
    let total = try await StreamEvent.count(on: db)
    var again = 0
    for try await _ in StreamEvent.query.stream(on: db, chunkSize: 1_000) { again += 1 }

    #expect(seen == 150)
    #expect(total == 3_001)
    #expect(again == 3_001, "a second iteration runs the query anew")
    #expect(ContinuousClock.now - start < .seconds(5), "the connection came back without waiting for a timeout")
}

private func cancellationScenario(_ db: Database) async throws {
    try await seed(db, count: 3_000)
    let (firstRows, firstRowsContinuation) = AsyncStream<Void>.makeStream()
    let consumer = Task {
        var seen = 0
        for try await _ in StreamEvent.query.order({ $0.id }).stream(on: db, chunkSize: 50) {
            seen += 1
            if seen == 10 { firstRowsContinuation.yield() }
            // A slow consumer: the producer waits for it.
            try await Task.sleep(for: .milliseconds(5))
        }
        return seen
    }
    for await _ in firstRows { break }
    consumer.cancel()
    let outcome = await consumer.result
    let afterwards = try await StreamEvent.count(on: db)

    guard case .failure(let error) = outcome else {
        Issue.record("a cancelled stream finished normally: \(outcome)")
        return
    }
    #expect(error is CancellationError || (error as? QuarryError).map(isCancellation) == true, "\(error)")
    #expect(afterwards == 3_000, "the connection is usable after the cancel")
}

private func isCancellation(_ error: QuarryError) -> Bool {
    if case .cancelled = error { return true }
    return false
}

private func errorScenario(_ db: Database) async throws {
    try await db.execute("CREATE TABLE stream_numbers (n INTEGER NOT NULL)")
    try await db.execute("INSERT INTO stream_numbers (n) SELECT * FROM (VALUES (1), (2), (3)) AS v")
    for n in 4...600 { try await db.execute("INSERT INTO stream_numbers (n) VALUES (\(n))") }
    // Fails at n = 500, after rows have been delivered (no ORDER BY: a sort
    // would compute every row first): division by zero on PostgreSQL, an
    // integer overflow in abs() on SQLite.
    let failing: SQL = db.dialect.name == "postgres"
        ? "SELECT 100 / (n - 500) FROM stream_numbers"
        : "SELECT abs(CASE WHEN n = 500 THEN -9223372036854775808 ELSE n END) FROM stream_numbers"
    var delivered = 0
    let error = await #expect(throws: QuarryError.self) {
        try await db.stream(failing, decoding: Row.self, chunkSize: 64) { rows in
            delivered += rows.count
            return true
        }
    }
    let after = try await db.fetchValue(Int.self, "SELECT count(*) FROM stream_numbers")

    #expect(error != nil)
    #expect(delivered > 0 && delivered < 600, "rows before the failure arrived: \(delivered)")
    #expect(after == 600)
}

private func transactionScenario(_ db: Database) async throws {
    try await seed(db, count: 10)
    let seen = try await db.transaction { tx -> [String] in
        try await StreamEvent(payload: "uncommitted", sourceID: 1).insert(on: tx)
        var payloads: [String] = []
        for try await event in StreamEvent.query.order({ $0.id.desc() }).limit(2).stream(on: tx, chunkSize: 1) {
            payloads.append(event.payload)
        }
        return payloads
    }
    #expect(seen == ["uncommitted", "event 9"])
}
