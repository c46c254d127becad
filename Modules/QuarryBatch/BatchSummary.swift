/// An item that failed for good, with where it was in the input and why.
public struct BatchFailure<Item: Sendable>: Sendable {
    /// The item's position in the input (0-based).
    public let index: Int
    public let item: Item
    public let error: any Error
}

/// What a batch run did: how many items were committed, which failed, and
/// whether it stopped early.
///
/// ```swift
/// let summary = try await processor.processItems(rows, on: db) { row, tx in … }
/// print(summary)     // 9,997 succeeded, 3 failed in 20 chunks (1 retry) in 1.2 s
/// for failure in summary.failures { log(failure.index, failure.error) }
/// ```
public struct BatchSummary<Item: Sendable>: Sendable, CustomStringConvertible {
    /// Items whose work was committed.
    public internal(set) var succeeded = 0
    /// Items that failed for good (with ``FailurePolicy/collect`` and ``FailurePolicy/stop``).
    public internal(set) var failures: [BatchFailure<Item>] = []
    /// Items that failed under ``FailurePolicy/skip``: counted, not kept.
    public internal(set) var skipped = 0
    /// Items never committed because the run stopped: the rest of the
    /// failing chunk (chunks in flight beside it finish), and — for a
    /// query, whose size is known — the rows no chunk reached.
    public internal(set) var notProcessed = 0
    /// Chunks whose transaction committed.
    public internal(set) var committedChunks = 0
    /// Chunk runs repeated after a transient error.
    public internal(set) var retries = 0
    /// Whether ``FailurePolicy/stop`` ended the run early.
    public internal(set) var stopped = false
    public internal(set) var duration: Duration = .zero

    /// Items that failed, kept or skipped.
    public var failed: Int { failures.count + skipped }

    public var description: String {
        var text = "\(succeeded) succeeded, \(failed) failed in \(committedChunks) chunks"
        if retries > 0 { text += " (\(retries) \(retries == 1 ? "retry" : "retries"))" }
        if stopped { text += ", stopped early with \(notProcessed) not processed" }
        return text + " in \(duration)"
    }
}
