import Foundation
import Quarry
import QuarryBatch
import QuarryTesting
import Synchronization
import Testing

@Model(table: "batch_jobs")
struct BatchJob {
    @ID var id: Int64?
    @Column(.unique) var code: Int
    var done: Bool = false
}

private struct InjectedFailure: Error, Equatable {
    let item: Int
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryBatch: chunks in transactions")
struct BatchTests {
    @Test("per item: exactly the failing items are reported, everything else is committed", arguments: TestDatabase.all)
    func perItem(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), perItemScenario)
    }

    @Test("per chunk: a failing chunk writes nothing, the other chunks commit", arguments: TestDatabase.all)
    func perChunk(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), perChunkScenario)
    }

    @Test("stop keeps committed chunks, rolls back the failing one and starts no other; skip only counts", arguments: TestDatabase.all)
    func stopAndSkip(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), stopAndSkipScenario)
    }

    @Test("a transient error retries the chunk whole", arguments: TestDatabase.all)
    func retries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), retryScenario)
    }

    @Test("a query is processed in keyset chunks, two at a time, each row once, with progress", arguments: TestDatabase.all)
    func query(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), queryScenario)
    }

    @Test("the progress bar draws the fraction, counts, failures and rate")
    func progressBar() {
        let half = BatchProgress(done: 500, succeeded: 497, failed: 3, total: 1_000, elapsed: .seconds(2))
        let unknown = BatchProgress(done: 40, succeeded: 40, failed: 0, total: nil, elapsed: .seconds(4))
        #expect(half.bar(width: 10) == "[#####·····]  50% 500/1000 · 3 failed · 250/s")
        #expect(unknown.bar() == "40 done · 10/s")
        let lines = Mutex<[String]>([])
        let bar = ProgressBar(width: 4) { text in lines.withLock { $0.append(text) } }
        bar.update(half)
        bar.finish()
        #expect(lines.withLock { $0 } == ["\r[##··]  50% 500/1000 · 3 failed · 250/s", "\n"])
    }
}

private func perItemScenario(_ db: Database) async throws {
    try await db.createTables(BatchJob.self)
    let failing = Set((0..<1_000).filter { $0 % 97 == 13 })
    let summary = try await BatchProcessor(chunkSize: 100).processItems(0..<1_000, on: db) { item, tx in
        try await BatchJob(code: item).insert(on: tx)
        // The insert above is undone for a failing item: its savepoint rolls back.
        if failing.contains(item) { throw InjectedFailure(item: item) }
    }
    let stored = Set(try await db.fetchValues(Int.self, "SELECT code FROM batch_jobs"))

    #expect(Set(summary.failures.map(\.index)) == failing)
    #expect(summary.failures.allSatisfy { ($0.error as? InjectedFailure)?.item == $0.item })
    #expect(summary.succeeded == 1_000 - failing.count)
    #expect(summary.committedChunks == 10 && !summary.stopped)
    #expect(stored == Set(0..<1_000).subtracting(failing), "the other items of each chunk are committed")
}

private func perChunkScenario(_ db: Database) async throws {
    try await db.createTables(BatchJob.self)
    try await BatchJob(code: 250).insert(on: db)            // the chunk 200..<300 will hit it
    let summary = try await BatchProcessor(chunkSize: 100).processChunks(0..<1_000, on: db) { chunk, tx in
        try await BatchJob.insert(chunk.map { BatchJob(code: $0) }, on: tx)
    }
    let stored = try await db.fetchValues(Int.self, "SELECT code FROM batch_jobs ORDER BY code")

    #expect(summary.failures.map(\.index) == Array(200..<300), "every item of the failing chunk")
    #expect(summary.failures.allSatisfy {
        if case .uniqueViolation? = $0.error as? QuarryError { return true }
        return false
    })
    #expect(summary.succeeded == 900 && summary.committedChunks == 9)
    #expect(stored == Array(0..<200) + [250] + Array(300..<1_000), "nothing of the failing chunk was written")
}

private func stopAndSkipScenario(_ db: Database) async throws {
    try await db.createTables(BatchJob.self)
    let started = Mutex<Set<Int>>([])
    let stopped = try await BatchProcessor(chunkSize: 10, onFailure: .stop).processItems(0..<100, on: db) { item, tx in
        started.withLock { _ = $0.insert(item / 10) }
        try await BatchJob(code: item).insert(on: tx)
        if item == 35 { throw InjectedFailure(item: item) }
    }
    let afterStop = try await db.fetchValues(Int.self, "SELECT code FROM batch_jobs ORDER BY code")

    try await db.execute("DELETE FROM batch_jobs")
    let skipped = try await BatchProcessor(chunkSize: 10, onFailure: .skip).processItems(0..<100, on: db) { item, tx in
        if item % 10 == 0 { throw InjectedFailure(item: item) }
        try await BatchJob(code: item).insert(on: tx)
    }
    let afterSkip = try await BatchJob.count(on: db)

    #expect(stopped.stopped)
    #expect(stopped.failures.map(\.index) == [35])
    #expect(afterStop == Array(0..<30), "chunks 0–2 committed, chunk 3 rolled back whole")
    #expect(started.withLock { $0 } == [0, 1, 2, 3], "no chunk started after the failure")
    #expect(stopped.succeeded == 30 && stopped.notProcessed == 9)
    #expect(skipped.skipped == 10 && skipped.failures.isEmpty && skipped.succeeded == 90)
    #expect(afterSkip == 90)
}

private func retryScenario(_ db: Database) async throws {
    try await db.createTables(BatchJob.self)
    let attempts = Mutex<[Int: Int]>([:])
    let processor = BatchProcessor(chunkSize: 25, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)))
    let summary = try await processor.processChunks(0..<100, on: db) { chunk, tx in
        try await BatchJob.insert(chunk.map { BatchJob(code: $0) }, on: tx)
        let attempt = attempts.withLock { counts in
            counts[chunk[0], default: 0] += 1
            return counts[chunk[0]]!
        }
        // The second chunk fails twice after writing, as a lost race would.
        if chunk[0] == 25 && attempt < 3 {
            throw QuarryError.serializationFailure(DatabaseErrorInfo(message: "injected", sql: nil))
        }
    }
    let stored = try await BatchJob.count(on: db)

    #expect(summary.retries == 2 && summary.failures.isEmpty && summary.succeeded == 100)
    #expect(stored == 100, "the retried chunk was written once")
    #expect(attempts.withLock { $0[25] } == 3)
}

private func queryScenario(_ db: Database) async throws {
    try await db.createTables(BatchJob.self)
    try await BatchJob.insert((0..<1_000).map { BatchJob(code: $0) }, on: db)
    let seen = Mutex<[Int]>([])
    let reports = Mutex<[BatchProgress]>([])
    let processor = BatchProcessor(chunkSize: 64, concurrency: 2) { progress in reports.withLock { $0.append(progress) } }
    // The work moves each row out of the query's filter: keyset chunks still see every row once.
    let summary = try await processor.processItems(BatchJob.filter { $0.done == false }, on: db) { job, tx in
        seen.withLock { $0.append(job.code) }
        var finished = job
        finished.done = true
        try await finished.save(on: tx)
    }
    let left = try await BatchJob.filter { $0.done == false }.count(on: db)
    let progress = reports.withLock { $0 }

    #expect(seen.withLock { $0.sorted() } == Array(0..<1_000))
    #expect(summary.succeeded == 1_000 && summary.committedChunks == 16)
    #expect(left == 0)
    #expect(progress.count == 16 && progress.last?.done == 1_000 && progress.allSatisfy { $0.total == 1_000 })
    #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.done < $1.done })
}
