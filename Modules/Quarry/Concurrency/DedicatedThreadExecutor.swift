import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A task executor backed by one thread of its own: the home of a
/// connection whose C calls block (libpq's network I/O).
///
/// Code runs there under a task-executor preference; ``run(_:)`` calls a
/// blocking function on the thread, inline when the caller is already there
/// (inside a session pinned to it), otherwise with one hop.
///
/// ```swift
/// let thread = DedicatedThreadExecutor(name: "quarry.pg.1")
/// let answer = try await thread.run { try blockingCall() }   // never on the cooperative pool
/// thread.shutdown()
/// ```
package final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `isStopping` are only touched while
    // holding `condition`; the other stored properties are immutable.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var isStopping = false

    /// Creates the executor and starts its thread.
    package init(name: String) {
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Whether the calling code runs on this executor's thread.
    package var isCurrent: Bool {
        pthread_getspecific(Self.currentKey) == Unmanaged.passUnretained(self).toOpaque()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs a synchronous, possibly blocking function on this thread.
    ///
    /// Must be called from nonisolated code (the connection methods are):
    /// the task-executor preference moves nonisolated code only.
    package func run<Value>(_ body: () throws -> Value) async throws -> Value {
        if isCurrent { return try body() }
        return try await withTaskExecutorPreference(self) {
            precondition(isCurrent, "executor preference did not move the call to \(Thread.current)")
            return try body()
        }
    }

    /// Lets the thread finish queued jobs and exit.
    package func shutdown() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        pthread_setspecific(Self.currentKey, Unmanaged.passUnretained(self).toOpaque())
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !isStopping { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            let stop = isStopping && batch.isEmpty
            condition.unlock()
            if stop { break }
            for job in batch { job.runSynchronously(on: executor) }
        }
        pthread_setspecific(Self.currentKey, nil)
    }

    /// A thread-specific marker naming the executor that owns the thread;
    /// `pthread_self()` is unreliable in optimised async code.
    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
