import Foundation
import Synchronization

/// A bus of model events: subscribe per model type or to every model.
///
/// Events are delivered only after the change commits — at once in
/// autocommit mode, after the outermost `COMMIT` inside a transaction, and
/// never for work that rolled back. Handlers run in subscription order on
/// the task that made the change, which awaits them.
///
/// ```swift
/// let subscription = Signals.shared.subscribe(to: Author.self) { event in
///     await cache.invalidate(author: event.after?.id ?? event.before?.id)
/// }
/// …
/// subscription.cancel()
/// ```
public final class Signals: Sendable {
    /// The bus every ``Database`` uses unless it is given its own.
    public static let shared = Signals()

    private typealias Handler = @Sendable (AnyModelEvent) async -> Void

    private struct Entry: Sendable {
        let id: UInt64
        /// `nil`: every model.
        let model: ObjectIdentifier?
        let handler: Handler
    }

    private struct TableEntry: Sendable {
        let id: UInt64
        let handler: @Sendable (Set<String>) async -> Void
    }

    private struct State: Sendable {
        var entries: [Entry] = []
        var tableEntries: [TableEntry] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Calls `handler` with each committed event of `type`.
    @discardableResult
    public func subscribe<M: Model>(
        to type: M.Type, _ handler: @escaping @Sendable (ModelEvent<M>) async -> Void
    ) -> Subscription {
        add(model: ObjectIdentifier(type)) { event in
            await handler(ModelEvent(kind: event.kind, before: event.before as? M, after: event.after as? M))
        }
    }

    /// Calls `handler` with each committed event of every model.
    @discardableResult
    public func subscribeAll(_ handler: @escaping @Sendable (AnyModelEvent) async -> Void) -> Subscription {
        add(model: nil, handler)
    }

    /// Whether anyone listens to `type`: the CRUD methods skip the work of
    /// building an event (such as loading the row before an update) when not.
    public func hasSubscribers(for type: (some Model).Type) -> Bool {
        let model = ObjectIdentifier(type)
        return state.withLock { $0.entries.contains { $0.model == nil || $0.model == model } }
    }

    /// Queues `event` on `executor`, delivered once its work commits.
    public func emit<M: Model>(_ event: ModelEvent<M>, on executor: some QueryExecutor) async {
        guard hasSubscribers(for: M.self) else { return }
        let erased = AnyModelEvent(
            model: M.self, table: M.schema.name, kind: event.kind, before: event.before, after: event.after)
        await executor.afterCommit { await self.deliver(erased) }
    }

    // MARK: - Table changes

    /// Calls `handler` with the tables a write changed, once it committed:
    /// every insert, update, delete, bulk update and bulk delete through
    /// Quarry's model and query APIs (and the mixins' upsert and friends)
    /// reports its table, once per table per transaction. What caches
    /// invalidate by. Raw SQL reports nothing unless it calls
    /// ``tablesChanged(_:on:)``.
    ///
    /// ```swift
    /// db.signals.subscribeToTableChanges { tables in await cache.invalidate(tags: tables) }
    /// try await db.execute("UPDATE posts SET views = 0")
    /// await db.signals.tablesChanged(["posts"], on: db)      // raw SQL: say so
    /// ```
    @discardableResult
    public func subscribeToTableChanges(_ handler: @escaping @Sendable (Set<String>) async -> Void) -> Subscription {
        let id = state.withLock { state in
            state.nextID += 1
            state.tableEntries.append(TableEntry(id: state.nextID, handler: handler))
            return state.nextID
        }
        return Subscription { [weak self] in
            self?.state.withLock { $0.tableEntries.removeAll { $0.id == id } }
        }
    }

    /// Reports that `tables` changed through `executor`: delivered once its
    /// work commits (never if it rolls back), once per table per transaction.
    /// `tables` is evaluated only when someone subscribed.
    public func tablesChanged(_ tables: @autoclosure () -> Set<String>, on executor: some QueryExecutor) async {
        guard state.withLock({ !$0.tableEntries.isEmpty }) else { return }
        let tables = tables()
        guard !tables.isEmpty else { return }
        let deliver: @Sendable () async -> Void = { [weak self] in
            guard let self else { return }
            for handler in self.state.withLock({ $0.tableEntries.map(\.handler) }) { await handler(tables) }
        }
        if let transaction = executor as? Transaction {
            transaction.afterCommitOnce(key: tables.sorted().joined(separator: "\u{1F}"), deliver)
        } else {
            await executor.afterCommit(deliver)
        }
    }

    private func deliver(_ event: AnyModelEvent) async {
        let model = ObjectIdentifier(event.model)
        let handlers = state.withLock { state in
            state.entries.filter { $0.model == nil || $0.model == model }.map(\.handler)
        }
        for handler in handlers { await handler(event) }
    }

    private func add(model: ObjectIdentifier?, _ handler: @escaping Handler) -> Subscription {
        let id = state.withLock { state in
            state.nextID += 1
            state.entries.append(Entry(id: state.nextID, model: model, handler: handler))
            return state.nextID
        }
        return Subscription { [weak self] in
            self?.state.withLock { $0.entries.removeAll { $0.id == id } }
        }
    }
}

/// A subscription to ``Signals``; it lasts until ``cancel()``.
public struct Subscription: Sendable {
    private let onCancel: @Sendable () -> Void

    init(onCancel: @escaping @Sendable () -> Void) {
        self.onCancel = onCancel
    }

    /// Stops delivery to this subscription's handler.
    public func cancel() {
        onCancel()
    }
}
