import Synchronization

/// The events of a ``ChangeFeed`` on some channels, as an async sequence.
/// Its buffer is bounded: a subscriber that falls that far behind is
/// dropped (the sequence ends and ``wasDropped`` is true) instead of
/// slowing the feed or growing without limit.
///
/// ```swift
/// let subscription = feed.subscribe(to: ["authors", "posts:7"])
/// for await event in subscription { print(event.kind, event.table ?? "", event.key ?? "") }
/// if subscription.wasDropped { /* too slow: reconnect and resume */ }
/// ```
public final class ChangeSubscription: AsyncSequence, Sendable {
    public typealias Element = ChangeEvent

    /// The channels it receives.
    public var channels: Set<String> { state.withLock { $0.channels } }
    /// Whether a requested resume found its event id (else the client missed
    /// events and should reload).
    public let resumed: Bool
    let events: AsyncStream<ChangeEvent>
    private let continuation: AsyncStream<ChangeEvent>.Continuation
    private let state: Mutex<State>
    private let onCancel: @Sendable () -> Void

    private struct State {
        var channels: Set<String>
        var dropped = false
    }

    init(channels: Set<String>, bufferLimit: Int, resumed: Bool, onCancel: @escaping @Sendable () -> Void) {
        (events, continuation) = AsyncStream.makeStream(of: ChangeEvent.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        state = Mutex(State(channels: channels))
        self.resumed = resumed
        self.onCancel = onCancel
        continuation.onTermination = { _ in onCancel() }
    }

    /// Whether it was dropped for falling behind.
    public var wasDropped: Bool { state.withLock { $0.dropped } }

    /// Adds channels.
    public func subscribe(to channels: Set<String>) {
        state.withLock { $0.channels.formUnion(channels) }
    }

    /// Removes channels.
    public func unsubscribe(from channels: Set<String>) {
        state.withLock { $0.channels.subtract(channels) }
    }

    /// Ends the subscription.
    public func cancel() {
        continuation.finish()
    }

    public func makeAsyncIterator() -> AsyncStream<ChangeEvent>.Iterator {
        events.makeAsyncIterator()
    }

    /// Queues `event` when it is on one of the channels; drops the
    /// subscriber when its buffer is full. Returns false once dropped or ended.
    func offer(_ event: ChangeEvent) -> Bool {
        guard state.withLock({ !$0.channels.isDisjoint(with: event.channels) }) else { return true }
        switch continuation.yield(event) {
        case .enqueued: return true
        case .dropped:
            state.withLock { $0.dropped = true }
            continuation.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }
}
