import Foundation
import Quarry
import Synchronization

/// A `MessageBus` on Redis pub/sub: every process connected to the same
/// Redis receives what any of them publishes. Each subscription listens on
/// a connection of its own (hiredis on a thread of its own) and reconnects
/// after a failure, reporting the gap with `MessageBusEvent/interrupted`
/// and `MessageBusEvent/resumed`.
///
/// ```swift
/// let bus = try RedisMessageBus(configuration: RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// let changes = try await bus.subscribe(to: "quarry:changes")
/// try await bus.publish(#"{"table":"authors"}"#, to: "quarry:changes")
/// await bus.close()
/// ```
public final class RedisMessageBus: MessageBus {
    /// Redis carries up to 512 MB; a bus keeps messages small (1 MiB).
    public let maximumPayloadBytes = 1 << 20
    private let client: RedisClient
    private let listeners = Mutex<[UInt64: Task<Void, Never>]>([:])
    private let nextID = Atomic<UInt64>(0)

    /// A bus on the server of `configuration`.
    public init(configuration: RedisConfiguration) throws {
        client = try RedisClient(configuration: configuration)
    }

    public func publish(_ payload: String, to channel: String) async throws {
        guard payload.utf8.count <= maximumPayloadBytes else {
            throw QuarryError.invalidArgument(
                name: "payload", reason: "is \(payload.utf8.count) bytes; the bus carries at most \(maximumPayloadBytes)")
        }
        try await client.send(["PUBLISH", channel, payload]).checked()
    }

    public func subscribe(to channel: String) async throws -> AsyncStream<MessageBusEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: MessageBusEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        let (ready, readySignal) = AsyncStream.makeStream(of: Bool.self)
        let id = nextID.add(1, ordering: .relaxed).newValue
        let task = Task { [configuration = client.configuration] in
            let state = SubscriptionState()
            await RedisSubscriber.listen(configuration: configuration, channel: channel) { event in
                switch event {
                case .subscribed:
                    if state.markSubscribed() { readySignal.yield(true) } else { continuation.yield(.resumed) }
                case .lost:
                    if state.isSubscribed { continuation.yield(.interrupted) } else { readySignal.yield(false) }
                case .message(let payload):
                    continuation.yield(.message(payload))
                }
                return true
            }
            continuation.finish()
        }
        listeners.withLock { $0[id] = task }
        continuation.onTermination = { [weak self] _ in
            task.cancel()
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        for await subscribed in ready {
            if subscribed { return stream }
            task.cancel()
            throw RedisError.connection("cannot subscribe to \(channel)")
        }
        throw RedisError.connection("cannot subscribe to \(channel)")
    }

    /// Ends every subscription and closes the publishing connections.
    public func close() async {
        let tasks = listeners.withLock { listeners in
            defer { listeners = [:] }
            return Array(listeners.values)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await client.close()
    }

    /// Whether a subscription has been up once (later `.subscribed` events are resumptions).
    private final class SubscriptionState: Sendable {
        private let subscribed = Atomic<Bool>(false)
        var isSubscribed: Bool { subscribed.load(ordering: .relaxed) }
        /// True the first time only.
        func markSubscribed() -> Bool { !subscribed.exchange(true, ordering: .relaxed) }
    }
}
