import Synchronization

/// Work to run once the outermost transaction commits (model signals), and
/// to forget if it rolls back. Savepoints mark where they began, so rolling
/// one back forgets only what was queued inside it.
final class CommitQueue: Sendable {
    typealias Action = @Sendable () async -> Void
    private let actions = Mutex<[Action]>([])

    func append(_ action: @escaping Action) {
        actions.withLock { $0.append(action) }
    }

    /// A marker for ``rollBack(to:)``.
    var mark: Int { actions.withLock { $0.count } }

    func rollBack(to mark: Int) {
        actions.withLock { $0.removeSubrange(min(mark, $0.count)...) }
    }

    /// Removes and returns everything queued.
    func drain() -> [Action] {
        actions.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
