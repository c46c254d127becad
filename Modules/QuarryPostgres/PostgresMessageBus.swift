import CLibPQ
import Foundation
import Quarry
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A `MessageBus` on PostgreSQL's LISTEN/NOTIFY: every process connected
/// to the same database receives what any of them publishes. Publishing is
/// `SELECT pg_notify($1, $2)` through the database's pool; listening uses
/// one connection of its own, on a thread of its own (it waits on the
/// socket, never on the cooperative pool), that reconnects after a failure
/// and LISTENs again (subscribers see `MessageBusEvent/interrupted` and
/// `MessageBusEvent/resumed` around the gap).
///
/// ```swift
/// let bus = try PostgresMessageBus(database: db)
/// let changes = try await bus.subscribe(to: "quarry_changes")
/// try await bus.publish(#"{"table":"authors"}"#, to: "quarry_changes")
/// await bus.close()
/// ```
public final class PostgresMessageBus: MessageBus {
    /// NOTIFY's limit: payloads shorter than 8,000 bytes.
    public let maximumPayloadBytes = 7_999
    private let database: Database
    private let listener: PostgresListener

    /// A bus publishing through `database` and listening on a connection
    /// opened with `configuration` (the database's own by default).
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when
    ///   `database` is not a PostgreSQL database and no configuration is given.
    public init(database: Database, configuration: PostgresConfiguration? = nil) throws {
        guard let configuration = configuration ?? (database.driver as? PostgresDriver)?.configuration else {
            throw QuarryError.invalidArgument(name: "database", reason: "is not a PostgreSQL database; pass its configuration")
        }
        self.database = database
        listener = PostgresListener(connectionString: configuration.connectionString)
    }

    public func publish(_ payload: String, to channel: String) async throws {
        guard payload.utf8.count <= maximumPayloadBytes else {
            throw QuarryError.invalidArgument(
                name: "payload", reason: "is \(payload.utf8.count) bytes; NOTIFY carries at most \(maximumPayloadBytes)")
        }
        _ = try await database.execute("SELECT pg_notify(\(channel), \(payload))")
    }

    public func subscribe(to channel: String) async throws -> AsyncStream<MessageBusEvent> {
        try await listener.subscribe(to: channel)
    }

    /// Stops listening and closes the listening connection; subscribers' streams end.
    public func close() async {
        await listener.stop()
    }
}

/// The listening connection: a loop on a dedicated thread that waits on the
/// socket (50 ms at a time, so new subscriptions and stop requests are
/// picked up quickly), hands notifications to the channel's subscribers,
/// and reconnects with backoff.
final class PostgresListener: Sendable {
    private struct Command {
        enum Kind { case listen, unlisten }
        var kind: Kind
        var channel: String
        var done: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var subscribers: [String: [UInt64: AsyncStream<MessageBusEvent>.Continuation]] = [:]
        var commands: [Command] = []
        var nextID: UInt64 = 0
        var isStopping = false
        var loop: Task<Void, Never>?
    }

    private let connectionString: String
    private let thread = DedicatedThreadExecutor(name: "quarry.postgres.listen")
    private let state = Mutex(State())

    init(connectionString: String) {
        self.connectionString = connectionString
    }

    func subscribe(to channel: String) async throws -> AsyncStream<MessageBusEvent> {
        startIfNeeded()
        let (stream, continuation) = AsyncStream.makeStream(of: MessageBusEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        // Registered before LISTEN is sent, so nothing arriving right after it is missed.
        let id = state.withLock { state in
            state.nextID += 1
            state.subscribers[channel, default: [:]][state.nextID] = continuation
            return state.nextID
        }
        do {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                state.withLock { state in
                    if state.isStopping {
                        done.resume(throwing: QuarryError.poolClosed)
                    } else {
                        state.commands.append(Command(kind: .listen, channel: channel, done: done))
                    }
                }
            }
        } catch {
            _ = state.withLock { $0.subscribers[channel]?.removeValue(forKey: id) }
            throw error
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.subscribers[channel]?.removeValue(forKey: id)
                if state.subscribers[channel]?.isEmpty == true {
                    state.subscribers[channel] = nil
                    state.commands.append(Command(kind: .unlisten, channel: channel, done: nil))
                }
            }
        }
        return stream
    }

    func stop() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.isStopping = true
            return state.loop
        }
        await loop?.value
        let continuations = state.withLock { state in
            defer { state.subscribers = [:] }
            return state.subscribers.values.flatMap(\.values)
        }
        for continuation in continuations { continuation.finish() }
        thread.shutdown()
    }

    private func startIfNeeded() {
        state.withLock { state in
            guard state.loop == nil, !state.isStopping else { return }
            state.loop = Task { [self] in
                _ = try? await thread.run { self.runLoop() }
            }
        }
    }

    // MARK: - On the listening thread

    private func runLoop() {
        var connection: OpaquePointer?
        var backoff: useconds_t = 50_000
        var wasInterrupted = false
        defer { if let connection { PQfinish(connection) } }
        while !state.withLock({ $0.isStopping }) {
            if connection == nil {
                connection = connect()
                guard let open = connection else {
                    failPendingListens(QuarryError.connectionFailed(DatabaseErrorInfo(message: "cannot reach PostgreSQL to LISTEN")))
                    usleep(backoff)
                    backoff = min(backoff * 2, 2_000_000)
                    continue
                }
                backoff = 50_000
                let channels = state.withLock { Array($0.subscribers.keys) }
                for channel in channels { _ = execute(open, "LISTEN", channel) }
                if wasInterrupted {
                    broadcast(.resumed)
                    wasInterrupted = false
                }
            }
            guard let open = connection else { continue }
            let commands = state.withLock { state in
                defer { state.commands = [] }
                return state.commands
            }
            for command in commands {
                let succeeded = execute(open, command.kind == .listen ? "LISTEN" : "UNLISTEN", command.channel)
                if succeeded {
                    command.done?.resume()
                } else {
                    command.done?.resume(throwing: QuarryError.connectionLost(DatabaseErrorInfo(message: "LISTEN failed")))
                }
            }
            var descriptor = pollfd(fd: PQsocket(open), events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            guard PQconsumeInput(open) == 1, PQstatus(open) == CONNECTION_OK else {
                PQfinish(open)
                connection = nil
                wasInterrupted = true
                broadcast(.interrupted)
                continue
            }
            while let notification = PQnotifies(open) {
                let channel = String(cString: notification.pointee.relname)
                let payload = String(cString: notification.pointee.extra)
                PQfreemem(notification)
                let continuations = state.withLock { Array(($0.subscribers[channel] ?? [:]).values) }
                for continuation in continuations { continuation.yield(.message(payload)) }
            }
        }
        failPendingListens(QuarryError.poolClosed)
    }

    private func connect() -> OpaquePointer? {
        guard let connection = PQconnectdb(connectionString) else { return nil }
        guard PQstatus(connection) == CONNECTION_OK else {
            PQfinish(connection)
            return nil
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        return connection
    }

    /// `LISTEN "channel"` (or UNLISTEN), the name quoted by libpq.
    private func execute(_ connection: OpaquePointer, _ verb: String, _ channel: String) -> Bool {
        guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else { return false }
        let sql = "\(verb) \(String(cString: quoted))"
        PQfreemem(quoted)
        guard let result = PQexec(connection, sql) else { return false }
        defer { PQclear(result) }
        return PQresultStatus(result) == PGRES_COMMAND_OK
    }

    private func broadcast(_ event: MessageBusEvent) {
        let continuations = state.withLock { $0.subscribers.values.flatMap(\.values) }
        for continuation in continuations { continuation.yield(event) }
    }

    private func failPendingListens(_ error: any Error) {
        let pending = state.withLock { state -> [Command] in
            let listens = state.commands.filter { $0.done != nil }
            state.commands.removeAll { $0.done != nil }
            return listens
        }
        for command in pending { command.done?.resume(throwing: error) }
    }
}
