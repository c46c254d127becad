/// Text messages on named channels between the processes of an app: the
/// kernel seam real-time features publish through. `InProcessMessageBus`
/// stays in one process; QuarryPostgres's `PostgresMessageBus`
/// (LISTEN/NOTIFY) and QuarryRedis's `RedisMessageBus` (pub/sub) reach
/// every process connected to the same server.
///
/// Delivery is at most once: a subscriber that is not connected when a
/// message is published never sees it (a reconnecting bus reports the gap
/// with ``MessageBusEvent/interrupted``).
///
/// ```swift
/// let bus: any MessageBus = InProcessMessageBus()
/// let messages = try await bus.subscribe(to: "changes")
/// try await bus.publish("hello", to: "changes")
/// for await event in messages { if case .message(let text) = event { print(text) } }
/// ```
public protocol MessageBus: Sendable {
    /// The largest payload, in UTF-8 bytes, the bus carries (PostgreSQL's
    /// NOTIFY: 7,999).
    var maximumPayloadBytes: Int { get }

    /// Sends `payload` to every current subscriber of `channel`.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a payload
    ///   over ``maximumPayloadBytes``; the transport's error when it fails.
    func publish(_ payload: String, to channel: String) async throws

    /// Subscribes to `channel`; returns once the subscription is active, so
    /// every message published after it returns is delivered. Ending the
    /// iteration (or dropping the stream) unsubscribes.
    func subscribe(to channel: String) async throws -> AsyncStream<MessageBusEvent>
}

/// What a subscription to a ``MessageBus`` channel receives.
public enum MessageBusEvent: Sendable, Hashable {
    /// A published payload.
    case message(String)
    /// The connection to the server broke; messages published until
    /// ``resumed`` may be lost.
    case interrupted
    /// Subscribed again after an interruption.
    case resumed
}
