import Synchronization

/// One load per key at a time: concurrent callers missing the same key
/// share the first caller's load instead of each hitting the database (a
/// cache stampede).
final class SingleFlight<Value: Sendable>: Sendable {
    private let inFlight = Mutex<[String: Task<Value, any Error>]>([:])

    /// The value `load` produces for `key`, loaded once however many
    /// callers ask at the same time.
    func value(forKey key: String, _ load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, isLeader) = inFlight.withLock { flights -> (Task<Value, any Error>, Bool) in
            if let running = flights[key] { return (running, false) }
            let task = Task { try await load() }
            flights[key] = task
            return (task, true)
        }
        defer {
            if isLeader { _ = inFlight.withLock { $0.removeValue(forKey: key) } }
        }
        return try await task.value
    }
}
