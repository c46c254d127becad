import Foundation
import Logging
import Quarry
import Synchronization

/// Model changes as events for real-time clients, across every process of
/// an app: registered models' committed changes (never rolled-back ones)
/// are published on a `MessageBus` — PostgreSQL LISTEN/NOTIFY, Redis
/// pub/sub, or in process for SQLite — and every process's feed hands the
/// events it receives to its subscribers, filtered by channel (`authors`,
/// `authors:42`, custom names). Events too large for the bus travel
/// without their data (``ChangeEvent/isTruncated``); the last `replayLimit`
/// events are kept so a reconnecting client can resume after the last
/// event id it saw.
///
/// Changes are read from the database's `Database/signals`: when several
/// `Database`s of one process share model types, give each its own
/// (`Database(driver: …, signals: Signals())`), or a feed would publish the
/// others' changes too.
///
/// ```swift
/// let feed = ChangeFeed(database: db, bus: try PostgresMessageBus(database: db))
/// feed.register(Author.self)
/// try await feed.start()
/// for await event in feed.subscribe(to: ["authors"]) { print(event.kind, event.key ?? "") }
/// ```
public final class ChangeFeed: Sendable {
    /// The database whose changes are published.
    public let database: Database
    /// What events travel on.
    public let bus: any MessageBus
    /// The bus channel (one per app; every process uses the same).
    public let channel: String
    /// How many recent events are kept for resuming.
    public let replayLimit: Int
    private let origin = String(UUID().uuidString.prefix(8)).lowercased()
    private let sequence = Atomic<UInt64>(0)
    private let state = Mutex(State())
    private let logger: Logger

    private struct State {
        var subscribers: [UInt64: ChangeSubscription] = [:]
        var nextID: UInt64 = 0
        var recent: [ChangeEvent] = []
        var signalSubscriptions: [Subscription] = []
        var listener: Task<Void, Never>?
    }

    /// A feed of `database`'s changes on `bus`'s `channel`.
    public init(
        database: Database, bus: any MessageBus, channel: String = "quarry_changes", replayLimit: Int = 1_000,
        logger: Logger = Logger(label: "quarry.realtime")
    ) {
        self.database = database
        self.bus = bus
        self.channel = channel
        self.replayLimit = max(0, replayLimit)
        self.logger = logger
    }

    /// Publishes `model`'s committed creates, updates and deletes.
    ///
    /// ```swift
    /// feed.register(Author.self)
    /// ```
    public func register<M: ModelDTOs>(_ model: M.Type) {
        let subscription = database.signals.subscribe(to: model) { [weak self] event in
            await self?.publish(event)
        }
        state.withLock { $0.signalSubscriptions.append(subscription) }
    }

    /// Starts receiving from the bus; returns once subscribed, so changes
    /// committed afterwards reach this feed's subscribers.
    public func start() async throws {
        let messages = try await bus.subscribe(to: channel)
        let task = Task { [weak self] in
            for await message in messages {
                guard let self else { return }
                switch message {
                case .message(let payload): self.receive(payload)
                case .interrupted: self.logger.warning("change feed interrupted; events may be lost", metadata: ["channel": "\(self.channel)"])
                case .resumed: self.logger.notice("change feed resumed", metadata: ["channel": "\(self.channel)"])
                }
            }
        }
        state.withLock { $0.listener = task }
    }

    /// Sends `data` to the subscribers of a custom `channel` in every process.
    ///
    /// ```swift
    /// try await feed.send(["text": "maintenance at 22:00"], to: "announcements")
    /// ```
    public func send(_ data: JSON, to channel: String) async throws {
        try await publish(ChangeEvent(id: nextEventID(), kind: .message, channel: channel, data: data))
    }

    /// The events on `channels` from now on (after replaying those after
    /// `lastEventID`, when given and still kept).
    ///
    /// - Parameters:
    ///   - channels: table (`authors`), row (`authors:42`) or custom channels.
    ///   - bufferLimit: events queued for a slow subscriber before it
    ///     is dropped.
    ///   - lastEventID: the last event the subscriber saw, to resume after it.
    public func subscribe(to channels: Set<String>, bufferLimit: Int = 256, after lastEventID: String? = nil) -> ChangeSubscription {
        state.withLock { state in
            state.nextID += 1
            let id = state.nextID
            var replay: [ChangeEvent] = []
            var resumed = lastEventID == nil
            if let lastEventID, let index = state.recent.lastIndex(where: { $0.id == lastEventID }) {
                replay = Array(state.recent[(index + 1)...])
                resumed = true
            }
            let subscription = ChangeSubscription(channels: channels, bufferLimit: max(1, bufferLimit), resumed: resumed) {
                [weak self] in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
            }
            for event in replay { _ = subscription.offer(event) }
            state.subscribers[id] = subscription
            return subscription
        }
    }

    /// Whether the feed receives the bus's events: ``start()`` (or running
    /// it as a service) subscribed, and ``close()`` has not run since.
    ///
    /// ```swift
    /// try await feed.start()
    /// feed.isListening   // true
    /// ```
    public var isListening: Bool { state.withLock { $0.listener != nil } }

    /// The number of current subscribers.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Stops publishing and receiving; subscriptions end.
    public func close() {
        let (signals, listener, subscribers) = state.withLock { state in
            defer {
                state.signalSubscriptions = []
                state.subscribers = [:]
                state.listener = nil
            }
            return (state.signalSubscriptions, state.listener, Array(state.subscribers.values))
        }
        for subscription in signals { subscription.cancel() }
        listener?.cancel()
        for subscriber in subscribers { subscriber.cancel() }
    }

    // MARK: - Publishing

    private func nextEventID() -> String {
        "\(origin)-\(sequence.add(1, ordering: .relaxed).newValue)"
    }

    private func publish<M: ModelDTOs>(_ event: ModelEvent<M>) async {
        let row = event.after ?? event.before
        guard let row, let key = row.primaryKey else { return }
        do {
            let after = try event.after.map { JSON.object(try $0.responseFields()) }
            let before = try event.before.map { JSON.object(try $0.responseFields()) }
            let kind: ChangeEvent.Kind = switch event.kind {
            case .created: .created
            case .deleted: .deleted
            default: .updated
            }
            var changed: [String]?
            if kind == .updated, case .object(let new)? = after, case .object(let old)? = before {
                changed = Set(new.keys).union(old.keys).filter { new[$0] != old[$0] }.sorted()
            }
            try await publish(ChangeEvent(
                id: nextEventID(), kind: kind, table: M.schema.name, key: M.keyDescription(key),
                data: kind == .deleted ? before : after, changedFields: changed))
        } catch {
            logger.error("change not published", metadata: ["table": "\(M.schema.name)", "error": "\(error)"])
        }
    }

    private func publish(_ event: ChangeEvent) async throws {
        var payload = try Self.encode(event)
        if payload.utf8.count > bus.maximumPayloadBytes {
            var reference = event
            reference.data = nil
            reference.isTruncated = true
            payload = try Self.encode(reference)
        }
        try await bus.publish(payload, to: channel)
    }

    // MARK: - Receiving

    private func receive(_ payload: String) {
        guard let event = try? JSONDecoder().decode(ChangeEvent.self, from: Data(payload.utf8)) else {
            logger.warning("unreadable change event ignored", metadata: ["channel": "\(channel)"])
            return
        }
        let subscribers = state.withLock { state in
            if replayLimit > 0 {
                state.recent.append(event)
                if state.recent.count > replayLimit { state.recent.removeFirst(state.recent.count - replayLimit) }
            }
            return Array(state.subscribers)
        }
        for (id, subscriber) in subscribers where !subscriber.offer(event) {
            if subscriber.wasDropped {
                logger.warning("slow change subscriber dropped", metadata: ["subscriber": "\(id)"])
            }
            _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
    }

    private static func encode(_ event: ChangeEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }
}
