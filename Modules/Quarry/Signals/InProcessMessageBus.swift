import Synchronization

/// A ``MessageBus`` inside one process (SQLite apps, tests): every
/// subscriber of a channel in this process gets each payload, in order.
///
/// ```swift
/// let bus = InProcessMessageBus()
/// let messages = try await bus.subscribe(to: "changes")
/// try await bus.publish(#"{"table":"authors"}"#, to: "changes")
/// ```
public final class InProcessMessageBus: MessageBus {
    private struct State {
        var subscribers: [String: [UInt64: AsyncStream<MessageBusEvent>.Continuation]] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// An empty bus.
    public init() {}

    public var maximumPayloadBytes: Int { Int.max }

    public func publish(_ payload: String, to channel: String) async throws {
        let continuations = state.withLock { Array(($0.subscribers[channel] ?? [:]).values) }
        for continuation in continuations { continuation.yield(.message(payload)) }
    }

    public func subscribe(to channel: String) async throws -> AsyncStream<MessageBusEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: MessageBusEvent.self)
        let id = state.withLock { state in
            state.nextID += 1
            state.subscribers[channel, default: [:]][state.nextID] = continuation
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers[channel]?.removeValue(forKey: id) }
        }
        return stream
    }
}
