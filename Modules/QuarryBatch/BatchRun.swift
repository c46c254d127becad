import Quarry

/// The work of a batch: once per chunk, or once per item in a savepoint.
enum ChunkWork<Item: Sendable>: Sendable {
    case chunk(@Sendable ([Item], Transaction) async throws -> Void)
    case item(@Sendable (Item, Transaction) async throws -> Void)
}

/// What became of one chunk.
struct ChunkOutcome<Item: Sendable>: Sendable {
    var succeeded = 0
    var failures: [BatchFailure<Item>] = []
    var skipped = 0
    var notProcessed = 0
    var retries = 0
    var committed = false
    var stop = false
}

/// An item failed under ``FailurePolicy/stop``: thrown out of the chunk's
/// transaction so that the chunk rolls back whole.
private struct StopChunk<Item: Sendable>: Error {
    let failure: BatchFailure<Item>
}

/// One run of a ``BatchProcessor``: reads chunks, keeps at most
/// `concurrency` in flight, and adds their outcomes up.
struct BatchRun<Item: Sendable>: Sendable {
    let processor: BatchProcessor
    let database: Database
    let work: ChunkWork<Item>
    let total: Int?

    func run<Source: ChunkSource<Item>>(_ source: Source) async throws -> BatchSummary<Item> {
        var source = source
        let start = ContinuousClock.now
        var summary = BatchSummary<Item>()
        var read = 0
        func absorb(_ outcome: ChunkOutcome<Item>) {
            summary.succeeded += outcome.succeeded
            summary.failures += outcome.failures
            summary.skipped += outcome.skipped
            summary.notProcessed += outcome.notProcessed
            summary.retries += outcome.retries
            if outcome.committed { summary.committedChunks += 1 }
            if outcome.stop { summary.stopped = true }
            processor.progress?(BatchProgress(
                done: summary.succeeded + summary.failed + summary.notProcessed, succeeded: summary.succeeded,
                failed: summary.failed, total: total, elapsed: ContinuousClock.now - start))
        }
        try await withThrowingTaskGroup(of: ChunkOutcome<Item>.self) { group in
            var inFlight = 0
            while !summary.stopped {
                // A chunk is read only when a slot is free: after a stop, none is.
                if inFlight == processor.concurrency, let outcome = try await group.next() {
                    inFlight -= 1
                    absorb(outcome)
                    continue
                }
                guard let chunk = try await source.next() else { break }
                read += chunk.count
                group.addTask { await process(chunk) }
                inFlight += 1
            }
            while let outcome = try await group.next() { absorb(outcome) }
        }
        try Task.checkCancellation()
        if summary.stopped, let total { summary.notProcessed += max(0, total - read) }
        summary.duration = ContinuousClock.now - start
        return summary
    }

    /// Runs one chunk in a transaction, retried by the processor's
    /// ``RetryPolicy`` (deadline included) while its errors are transient.
    private func process(_ chunk: [(index: Int, item: Item)]) async -> ChunkOutcome<Item> {
        var attempts = 0
        // A stop is never retried, whatever the policy calls transient.
        var policy = processor.retry
        let isTransient = policy.isTransient
        policy.isTransient = { !($0 is StopChunk<Item>) && isTransient($0) }
        do {
            var outcome = try await policy.run { attempt in
                attempts = attempt
                return try await attemptChunk(chunk)
            }
            outcome.retries = attempts - 1
            return outcome
        } catch let stop as StopChunk<Item> {
            return ChunkOutcome(failures: [stop.failure], notProcessed: chunk.count - 1, retries: attempts - 1, stop: true)
        } catch {
            var outcome = ChunkOutcome<Item>(retries: attempts - 1)
            switch processor.onFailure {
            case .skip:
                outcome.skipped = chunk.count
            case .collect, .stop:
                outcome.failures = chunk.map { BatchFailure(index: $0.index, item: $0.item, error: error) }
                outcome.stop = processor.onFailure == .stop
            }
            return outcome
        }
    }

    /// One try of a chunk: its transaction commits, or the error escapes.
    private func attemptChunk(_ chunk: [(index: Int, item: Item)]) async throws -> ChunkOutcome<Item> {
        switch work {
        case .chunk(let body):
            try await database.transaction { tx in try await body(chunk.map(\.item), tx) }
            return ChunkOutcome(succeeded: chunk.count, committed: true)
        case .item(let body):
            let policy = processor.onFailure
            let isTransient = processor.retry.isTransient
            let failures = try await database.transaction { tx -> [BatchFailure<Item>] in
                var failures: [BatchFailure<Item>] = []
                for (index, item) in chunk {
                    do {
                        try await tx.transaction { savepoint in try await body(item, savepoint) }
                    } catch {
                        // A transient error retries the whole chunk.
                        if isTransient(error) { throw error }
                        let failure = BatchFailure(index: index, item: item, error: error)
                        if policy == .stop { throw StopChunk(failure: failure) }
                        failures.append(failure)
                    }
                }
                return failures
            }
            var outcome = ChunkOutcome<Item>(succeeded: chunk.count - failures.count, committed: true)
            if policy == .skip { outcome.skipped = failures.count } else { outcome.failures = failures }
            return outcome
        }
    }
}
