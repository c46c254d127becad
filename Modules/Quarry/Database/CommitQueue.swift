import Synchronization

/// Work to run once the outermost transaction commits (model signals), and
/// to forget if it rolls back. Savepoints mark where they began, so rolling
/// one back forgets only what was queued inside it.
final class CommitQueue: Sendable {
    typealias Action = @Sendable () async -> Void

    private struct Queued: Sendable {
        /// Set for work queued once per key (see ``appendOnce(key:_:)``).
        let key: String?
        let action: Action
    }

    private struct State: Sendable {
        var queued: [Queued] = []
        var keys: Set<String> = []
    }

    private let state = Mutex(State())

    func append(_ action: @escaping Action) {
        state.withLock { $0.queued.append(Queued(key: nil, action: action)) }
    }

    /// Queues `action` unless work with the same `key` is queued already
    /// (a table changed twice in one transaction is reported once).
    func appendOnce(key: String, _ action: @escaping Action) {
        state.withLock { state in
            guard state.keys.insert(key).inserted else { return }
            state.queued.append(Queued(key: key, action: action))
        }
    }

    /// A marker for ``rollBack(to:)``.
    var mark: Int { state.withLock { $0.queued.count } }

    func rollBack(to mark: Int) {
        state.withLock { state in
            let forgotten = state.queued[min(mark, state.queued.count)...]
            for queued in forgotten { if let key = queued.key { state.keys.remove(key) } }
            state.queued.removeSubrange(min(mark, state.queued.count)...)
        }
    }

    /// Removes and returns everything queued.
    func drain() -> [Action] {
        state.withLock { state in
            defer { state = State() }
            return state.queued.map(\.action)
        }
    }
}
