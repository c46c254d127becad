import Synchronization

/// A fixed set of threads of their own for C work that blocks for an
/// unbounded time — libcurl transfers, libvips image operations, file
/// system syncs — so it never runs on the cooperative pool.
///
/// At most ``count`` calls run at once; the others wait suspended (an
/// `AsyncGate`), not on a thread. Each call makes one hop to a worker
/// thread and one back.
///
/// ```swift
/// let workers = BlockingWorkers(name: "quarry.images", count: 2)
/// let pixels = try await workers.run { try decode(bytes) }   // on a worker thread
/// ```
public final class BlockingWorkers: Sendable {
    /// How many calls may run at once (one thread each).
    public let count: Int
    private let threads: [DedicatedThreadExecutor]
    private let idle: Mutex<[Int]>
    private let gate: AsyncGate

    /// Starts `count` threads named `name.1`, `name.2`, ….
    ///
    /// - Precondition: `count` is at least 1.
    public init(name: String, count: Int) {
        precondition(count > 0, "BlockingWorkers needs at least one thread")
        self.count = count
        threads = (1...count).map { DedicatedThreadExecutor(name: "\(name).\($0)") }
        idle = Mutex(Array(threads.indices))
        gate = AsyncGate(limit: count)
    }

    deinit {
        for thread in threads { thread.shutdown() }
    }

    /// Runs a synchronous, possibly blocking function on an idle worker
    /// thread, waiting (suspended) for one when all are busy.
    ///
    /// The function runs inside the calling task: `Task.isCancelled` in it
    /// tells whether the caller was cancelled.
    public func run<Value>(_ body: () throws -> Value) async throws -> Value {
        try await gate.withPermit {
            let index = idle.withLock { $0.removeLast() }
            defer { idle.withLock { $0.append(index) } }
            return try await threads[index].run(body)
        }
    }
}
