import Foundation

/// Chunks handed from a producer on a worker thread (a libcurl write
/// callback, a file reader) to an async consumer, with backpressure: at
/// most `capacity` bytes wait in between; a full channel blocks the
/// producer's thread (never a cooperative one), and a consumer that goes
/// away makes ``send(_:)`` return false so the producer stops.
final class ChunkChannel: @unchecked Sendable {
    // @unchecked Sendable: every mutable property is read and written only
    // while holding `condition`.
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var buffered = 0
    private var end: Result<Void, any Error>?
    private var isAbandoned = false
    private var waiter: CheckedContinuation<Data?, any Error>?
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Producer: hands over a chunk, blocking while the channel is full.
    /// Returns false when the consumer has gone (stop producing).
    func send(_ chunk: Data) -> Bool {
        condition.lock()
        while buffered >= capacity && !isAbandoned { condition.wait() }
        if isAbandoned {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: chunk)
            return true
        }
        chunks.append(chunk)
        buffered += chunk.count
        condition.unlock()
        return true
    }

    /// Producer: no more chunks; `error` if the transfer failed.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        guard end == nil else { return condition.unlock() }
        end = error.map { .failure($0) } ?? .success(())
        let waiter = self.waiter
        self.waiter = nil
        condition.unlock()
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// Consumer: the next chunk, or nil at the end.
    func next() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data?, any Error>) in
                condition.lock()
                if !chunks.isEmpty {
                    let chunk = chunks.removeFirst()
                    buffered -= chunk.count
                    condition.signal()
                    condition.unlock()
                    continuation.resume(returning: chunk)
                } else if let end {
                    condition.unlock()
                    continuation.resume(with: end.map { _ in Data?.none })
                } else if isAbandoned {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiter = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            abandon()
        }
    }

    /// Consumer: puts a chunk back in front (after peeking at it).
    func unread(_ chunk: Data) {
        condition.lock()
        chunks.insert(chunk, at: 0)
        buffered += chunk.count
        condition.unlock()
    }

    /// Consumer: stops reading; the producer's next `send` returns false.
    func abandon() {
        condition.lock()
        isAbandoned = true
        let waiter = self.waiter
        self.waiter = nil
        condition.broadcast()
        condition.unlock()
        waiter?.resume(throwing: CancellationError())
    }
}

/// The bytes of a stored or fetched file, chunk by chunk, as they arrive:
/// a download never holds the whole file in memory.
///
/// ```swift
/// let stream = try await storage.read("avatars/ab/cat.png")
/// for try await chunk in stream { try handle.write(contentsOf: chunk) }
/// let small = try await storage.read("notes.txt").collect(upTo: 1 << 20)
/// ```
public struct ByteStream: AsyncSequence, Sendable {
    public typealias Element = Data
    private let reader: Reader

    init(channel: ChunkChannel) {
        reader = Reader(channel: channel)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(reader: reader)
    }

    /// Waits for the first bytes (or the end) and throws the error the
    /// transfer failed with before sending any: `read` calls it so a missing
    /// object throws there, not in the first iteration.
    func ready() async throws {
        if let first = try await reader.channel.next() { reader.channel.unread(first) }
    }

    /// Reads the stream to its end into memory.
    ///
    /// - Throws: ``FileError/tooLarge(limit:)`` past `limit` bytes (and stops the transfer).
    public func collect(upTo limit: Int) async throws -> Data {
        var data = Data()
        for try await chunk in self {
            guard data.count + chunk.count <= limit else { throw FileError.tooLarge(limit: Int64(limit)) }
            data.append(chunk)
        }
        return data
    }

    /// Stops the producer once the stream and its iterators are all dropped
    /// (read to the end or not).
    final class Reader: Sendable {
        let channel: ChunkChannel
        init(channel: ChunkChannel) { self.channel = channel }
        deinit { channel.abandon() }
    }

    public struct Iterator: AsyncIteratorProtocol {
        let reader: Reader
        public mutating func next() async throws -> Data? {
            try await reader.channel.next()
        }
    }
}
