import Quarry
import Synchronization

/// A query's rows as an `AsyncSequence`, read from the database a chunk at
/// a time as the loop asks for them: memory stays bounded by about two
/// chunks however many rows match (SQLite steps the statement; PostgreSQL
/// reads in single-row mode). Leaving the loop early or cancelling the
/// task stops the query, and the connection goes back to the pool clean.
///
/// One connection is held while the loop runs (a reader on SQLite). Each
/// iteration of the sequence runs the query anew.
///
/// ```swift
/// for try await event in Event.query.order { $0.id }.stream(on: db, chunkSize: 500) {
///     try await forward(event)
/// }
/// ```
public struct QueryStream<M: ColumnSet>: AsyncSequence, Sendable {
    public typealias Element = M

    let query: Query<M>
    let executor: any QueryExecutor
    /// Rows per read.
    public let chunkSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: Source(query: query, executor: executor, chunkSize: chunkSize))
    }

    /// Reads the rows of one run of the query.
    public struct Iterator: AsyncIteratorProtocol {
        let source: Source
        @usableFromInline var buffer: [M] = []
        @usableFromInline var index = 0

        init(source: Source) {
            self.source = source
        }

        /// The next row: from the chunk in hand without suspending (inlined
        /// into the caller's loop), else from the next chunk.
        @inlinable
        public mutating func next() async throws -> M? {
            if index < buffer.count {
                defer { index += 1 }
                return buffer[index]
            }
            return try await nextChunk()
        }

        @usableFromInline
        mutating func nextChunk() async throws -> M? {
            while index == buffer.count {
                source.start()
                guard let chunk = try await source.channel.receive() else { return nil }
                buffer = chunk
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// The producing task of one iteration; stopped when the iterator goes away.
    final class Source: Sendable {
        let channel = ChunkChannel<M>()
        private let query: Query<M>
        private let executor: any QueryExecutor
        private let chunkSize: Int
        private let task = Mutex<Task<Void, Never>?>(nil)

        init(query: Query<M>, executor: any QueryExecutor, chunkSize: Int) {
            self.query = query
            self.executor = executor
            self.chunkSize = chunkSize
        }

        /// Starts reading, once.
        func start() {
            task.withLock { task in
                guard task == nil else { return }
                let (query, executor, chunkSize, channel) = (query, executor, chunkSize, channel)
                task = Task {
                    do {
                        try await query.stream(on: executor, chunkSize: chunkSize) { rows in
                            try await channel.send(rows)
                            return true
                        }
                        channel.finish()
                    } catch {
                        channel.finish(throwing: error)
                    }
                }
            }
        }

        deinit {
            channel.cancel()
            task.withLock { $0?.cancel() }
        }
    }
}

extension Query {
    /// This query's rows as an `AsyncSequence` read `chunkSize` rows at a
    /// time (see ``QueryStream``).
    ///
    /// ```swift
    /// for try await author in Author.filter { $0.karma > 10 }.stream(on: db) { … }
    /// ```
    public func stream(on db: some QueryExecutor, chunkSize: Int = 1_000) -> QueryStream<M> {
        QueryStream(query: self, executor: db, chunkSize: chunkSize)
    }
}
