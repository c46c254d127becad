import Quarry

/// Processes many items in chunks, each chunk in its own transaction, with
/// bounded concurrency, retries of transient errors, a failure policy and
/// progress reports; returns a ``BatchSummary`` of what succeeded and what
/// failed. A chunk either commits whole or writes nothing: a failure loses
/// no committed chunk and leaves no partial one.
///
/// Items come from a sequence, or from a query read in keyset order a chunk
/// at a time (so work that changes the rows it reads — deletes them, moves
/// them out of the filter — neither skips nor repeats any).
///
/// ```swift
/// let processor = BatchProcessor(chunkSize: 500, concurrency: 2, onFailure: .collect)
/// let summary = try await processor.processItems(Invoice.filter { $0.sent == false }, on: db) { invoice, tx in
///     try await send(invoice)
///     var sent = invoice
///     sent.sent = true
///     try await sent.save(on: tx)
/// }
/// print(summary)       // 4,998 succeeded, 2 failed in 10 chunks in 3.1 s
/// ```
public struct BatchProcessor: Sendable {
    /// Items per chunk (and per transaction).
    public var chunkSize: Int
    /// Chunks in flight at once, each on its own connection.
    public var concurrency: Int
    public var onFailure: FailurePolicy
    public var retry: RetryPolicy
    /// Called after each chunk, from the task that runs the batch.
    public var progress: (@Sendable (BatchProgress) -> Void)?

    public init(
        chunkSize: Int = 500, concurrency: Int = 1, onFailure: FailurePolicy = .collect, retry: RetryPolicy = RetryPolicy(),
        progress: (@Sendable (BatchProgress) -> Void)? = nil
    ) {
        self.chunkSize = chunkSize
        self.concurrency = concurrency
        self.onFailure = onFailure
        self.retry = retry
        self.progress = progress
    }

    // MARK: - Per chunk

    /// Runs `body` once per chunk of `items`, in the chunk's transaction. A
    /// chunk that fails for good fails all its items.
    ///
    /// ```swift
    /// try await processor.processChunks(rows, on: db) { chunk, tx in try await Event.insert(chunk, on: tx) }
    /// ```
    public func processChunks<Item: Sendable>(
        _ items: some Sequence<Item>, on db: Database, _ body: @escaping @Sendable ([Item], Transaction) async throws -> Void
    ) async throws -> BatchSummary<Item> {
        try await run(chunks: SequenceChunks(items, size: chunkSize), total: nil, on: db, work: .chunk(body))
    }

    /// Runs `body` once per chunk of the query's rows, in the chunk's transaction.
    public func processChunks<M: ColumnSet>(
        _ query: Query<M>, on db: Database, _ body: @escaping @Sendable ([M], Transaction) async throws -> Void
    ) async throws -> BatchSummary<M> {
        let source = try QueryChunks(query, size: chunkSize, on: db)
        return try await run(chunks: source, total: try await query.count(on: db), on: db, work: .chunk(body))
    }

    // MARK: - Per item

    /// Runs `body` once per item, each in a savepoint of its chunk's
    /// transaction: a failing item rolls back its own work only, and the
    /// chunk commits the others (with ``FailurePolicy/stop`` the chunk rolls
    /// back whole and the run stops).
    public func processItems<Item: Sendable>(
        _ items: some Sequence<Item>, on db: Database, _ body: @escaping @Sendable (Item, Transaction) async throws -> Void
    ) async throws -> BatchSummary<Item> {
        try await run(chunks: SequenceChunks(items, size: chunkSize), total: nil, on: db, work: .item(body))
    }

    /// Runs `body` once per row of the query, as ``processItems(_:on:_:)-(Sequence,_,_)`` does per item.
    public func processItems<M: ColumnSet>(
        _ query: Query<M>, on db: Database, _ body: @escaping @Sendable (M, Transaction) async throws -> Void
    ) async throws -> BatchSummary<M> {
        let source = try QueryChunks(query, size: chunkSize, on: db)
        return try await run(chunks: source, total: try await query.count(on: db), on: db, work: .item(body))
    }

    private func validate() throws {
        guard chunkSize >= 1 else { throw QuarryError.invalidArgument(name: "chunkSize", reason: "must be positive") }
        guard concurrency >= 1 else { throw QuarryError.invalidArgument(name: "concurrency", reason: "must be positive") }
        guard retry.maxAttempts >= 1 else {
            throw QuarryError.invalidArgument(name: "retry.maxAttempts", reason: "must be at least 1")
        }
    }

    private func run<Item: Sendable, Source: ChunkSource<Item>>(
        chunks: Source, total: Int?, on db: Database, work: ChunkWork<Item>
    ) async throws -> BatchSummary<Item> {
        try validate()
        return try await BatchRun(processor: self, database: db, work: work, total: total).run(chunks)
    }
}
