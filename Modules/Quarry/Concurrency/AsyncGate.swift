import Synchronization

/// Lets at most `limit` tasks through at once; the others wait, suspended
/// (never blocking a thread), and get in first come, first served.
///
/// It bounds blocking work (``BlockingWorkers``: image processing, file and
/// network transfers) and, in the test suites, the number of PostgreSQL test
/// schemas open at one time.
///
/// ```swift
/// let gate = AsyncGate(limit: 16)
/// try await gate.withPermit { try await work() }
/// ```
package final class AsyncGate: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    package init(limit: Int) {
        precondition(limit > 0, "a gate needs at least one permit")
        state = Mutex(State(available: limit))
    }

    /// Runs `body` holding one permit.
    package func withPermit<Value>(_ body: () async throws -> Value) async throws -> Value {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let handedOver = state.withLock { state in
                // A permit may have come back between the two locks.
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if handedOver { continuation.resume() }
        }
    }

    private func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
