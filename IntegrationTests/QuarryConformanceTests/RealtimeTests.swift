import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import HummingbirdTesting
import HummingbirdWebSocket
import HummingbirdWSTesting
import NIOWebSocket
import Quarry
import QuarryHummingbird
import QuarryPostgres
import QuarryRealtime
import QuarryRealtimeHummingbird
import QuarryRedis
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryRealtime: committed changes reach subscribers in every process")
struct RealtimeTests {
    @Test("PostgreSQL LISTEN/NOTIFY: a change through instance A reaches a subscriber of instance B; a rollback sends nothing")
    func postgresAcrossInstances() async throws {
        try await TestDatabase.postgres.withTwoDatabases(.init(), postgresScenario)
    }

    @Test("Redis pub/sub carries changes between instances", arguments: TestDatabase.all)
    func redisAcrossInstances(_ database: TestDatabase) async throws {
        try await database.withTwoDatabases(.init(), redisScenario)
    }

    @Test("over WebSocket: a write through app A's HTTP API reaches a client of app B; denied channels; a rollback sends nothing")
    func webSocketAcrossApps() async throws {
        try await TestDatabase.postgres.withTwoDatabases(.init(), webSocketScenario)
    }

    @Test("the LISTEN connection comes back after a server restart: interrupted, resumed, later messages delivered",
          .enabled(if: TestPostgres.isAvailable))
    func listenerReconnects() async throws {
        try await TestPostgres.withServer(reconnectScenario)
    }

    @Test("a client that stops answering pings is dropped, and its subscription with it")
    func deadClient() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), heartbeatScenario)
    }

    @Test("an event over NOTIFY's 8,000 bytes travels without its data, as a reference")
    func truncated() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), truncatedScenario)
    }

    @Test("a slow subscriber is dropped without delaying others; channels filter; resume replays after the last id",
          arguments: TestDatabase.all)
    func subscribers(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), subscriberScenario)
    }
}

@Model(table: "rt_notes")
struct RTNote {
    @ID var id: Int64?
    var title: String
    var body: String = ""
}

/// Collects a subscription's events as they arrive.
private final class Collected: Sendable {
    let events = LockedList<ChangeEvent>()
    let task: Task<Void, Never>

    init(_ subscription: ChangeSubscription) {
        let events = events
        task = Task { for await event in subscription { events.append(event) } }
    }

    /// Waits (up to 5 s) until `count` events arrived; then the events.
    func wait(for count: Int) async throws -> [ChangeEvent] {
        for _ in 0..<250 where events.all.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return events.all
    }
}

private func uniqueChannel() -> String { "quarry_test_\(UUID().uuidString.prefix(8).lowercased())" }

/// The same pool with an event bus of its own: parallel tests write the same
/// models through `Signals.shared`, and a feed must see only its database's.
private func isolated(_ db: Database) -> Database {
    Database(driver: db.driver, signals: Signals())
}

/// Two instances' feeds on one bus channel, publishing RTNote changes, listening.
private func startedFeeds(
    _ first: Database, _ busA: any MessageBus, _ second: Database, _ busB: any MessageBus
) async throws -> (ChangeFeed, ChangeFeed) {
    let channel = uniqueChannel()
    let feeds = [ChangeFeed(database: first, bus: busA, channel: channel), ChangeFeed(database: second, bus: busB, channel: channel)]
    for feed in feeds {
        feed.register(RTNote.self)
        try await feed.start()
    }
    return (feeds[0], feeds[1])
}

/// Writes through `first`, reads events through a feed on `second`.
private func crossInstance(_ shared: Database, _ other: Database, _ busA: any MessageBus, _ busB: any MessageBus) async throws {
    let (first, second) = (isolated(shared), isolated(other))
    try await first.createTables(RTNote.self)
    let (feedA, feedB) = try await startedFeeds(first, busA, second, busB)
    let collected = Collected(feedB.subscribe(to: ["rt_notes"]))

    var note = try await RTNote(title: "draft").insert(on: first)
    note.title = "final"
    note = try await note.save(on: first)
    struct Abort: Error {}
    _ = try? await first.transaction { tx in
        try await RTNote(title: "never").insert(on: tx)
        throw Abort()
    }
    try await RTNote(title: "marker").insert(on: first)
    try await note.delete(on: first)

    let events = try await collected.wait(for: 4)
    #expect(events.map(\.kind) == [.created, .updated, .created, .deleted], "the rolled-back insert sent nothing")
    #expect(events.first?.data?["title"] == "draft")
    #expect(events.first?.key == "\(note.id!)")
    #expect(events[1].changedFields == ["title"])
    #expect(events[2].data?["title"] == "marker")
    #expect(events[3].data?["title"] == "final", "a delete carries the row as it was")
    #expect(Set(events.map(\.id)).count == 4)
    feedA.close()
    feedB.close()
    collected.task.cancel()
}

private func postgresScenario(_ first: Database, _ second: Database) async throws {
    let busA = try PostgresMessageBus(database: first)
    let busB = try PostgresMessageBus(database: second)
    try await crossInstance(first, second, busA, busB)
    await busA.close()
    await busB.close()
}

private func redisScenario(_ first: Database, _ second: Database) async throws {
    let busA = try RedisMessageBus(configuration: RedisConfiguration(url: TestRedis.url()))
    let busB = try RedisMessageBus(configuration: RedisConfiguration(url: TestRedis.url()))
    try await crossInstance(first, second, busA, busB)
    await busA.close()
    await busB.close()
}

private func truncatedScenario(_ shared: Database) async throws {
    let db = isolated(shared)
    try await db.createTables(RTNote.self)
    let bus = try PostgresMessageBus(database: db)
    let feed = ChangeFeed(database: db, bus: bus, channel: uniqueChannel())
    feed.register(RTNote.self)
    try await feed.start()
    let collected = Collected(feed.subscribe(to: ["rt_notes"]))
    let big = try await RTNote(title: "big", body: String(repeating: "x", count: 10_000)).insert(on: db)
    let small = try await RTNote(title: "small").insert(on: db)
    let events = try await collected.wait(for: 2)
    #expect(events.count == 2)
    #expect(events.first?.isTruncated == true)
    #expect(events.first?.data == nil)
    #expect(events.first?.key == "\(big.id!)", "the client fetches the row by its key")
    #expect(events.last?.isTruncated == false)
    #expect(events.last?.key == "\(small.id!)")
    feed.close()
    collected.task.cancel()
    await bus.close()
}

private func subscriberScenario(_ shared: Database) async throws {
    let db = isolated(shared)
    try await db.createTables(RTNote.self)
    let feed = ChangeFeed(database: db, bus: InProcessMessageBus(), channel: uniqueChannel(), replayLimit: 100)
    feed.register(RTNote.self)
    try await feed.start()
    let slow = feed.subscribe(to: ["rt_notes"], bufferLimit: 2)   // never read
    let fast = Collected(feed.subscribe(to: ["rt_notes"]))
    let first = try await RTNote(title: "n0").insert(on: db)
    _ = try await fast.wait(for: 1)   // its created event has been delivered
    let onlyFirst = Collected(feed.subscribe(to: ["rt_notes:\(first.id!)", "announcements"]))

    let start = ContinuousClock.now
    for index in 1..<20 { try await RTNote(title: "n\(index)").insert(on: db) }
    var updated = first
    updated.title = "n0 again"
    _ = try await updated.save(on: db)
    try await feed.send(["text": "hello"], to: "announcements")
    let elapsed = ContinuousClock.now - start

    let all = try await fast.wait(for: 21)
    #expect(all.count == 21, "the fast subscriber got every event")
    #expect(slow.wasDropped, "the slow one was dropped once its buffer of 2 filled")
    #expect(elapsed < .seconds(5), "and it never blocked the writers")
    let filtered = try await onlyFirst.wait(for: 2)
    #expect(filtered.map(\.kind) == [.updated, .message], "rt_notes:<id> and a custom channel only")
    #expect(filtered.last?.data?["text"] == "hello")

    // A reconnecting client resumes after the last event it saw.
    let resumed = feed.subscribe(to: ["rt_notes"], after: all[17].id)
    #expect(resumed.resumed)
    let replayed = Collected(resumed)
    #expect(try await replayed.wait(for: 3).map(\.id) == [all[18].id, all[19].id, all[20].id])
    let lost = feed.subscribe(to: ["rt_notes"], after: "unknown-1")
    #expect(!lost.resumed, "an id no longer kept: the client must reload")
    feed.close()
    for collector in [fast, onlyFirst, replayed] { collector.task.cancel() }
}

/// What the WebSocket client of the test read, reply by reply.
private func replies(_ texts: [String]) -> [RealtimeReply] {
    texts.compactMap { try? JSONDecoder().decode(RealtimeReply.self, from: Data($0.utf8)) }
}

private func webSocketScenario(_ shared: Database, _ other: Database) async throws {
    let (first, second) = (isolated(shared), isolated(other))
    try await first.createTables(RTNote.self)
    let busA = try PostgresMessageBus(database: first)
    let busB = try PostgresMessageBus(database: second)
    let (feedA, feedB) = try await startedFeeds(first, busA, second, busB)

    // App A: the HTTP API that writes.
    let api = Router(context: QuarryBasicRequestContext.self)
    api.add(middleware: QuarryErrorMiddleware())
    api.add(middleware: DatabaseMiddleware(database: first))
    try CRUDRouter(RTNote.self, path: "notes", cursorSecret: Array(repeating: 4, count: 32), context: QuarryBasicRequestContext.self)
        .register(on: api)
    api.post("/notes/doomed") { _, context -> HTTPResponse.Status in
        try await context.transaction { tx in
            try await RTNote(title: "doomed").insert(on: tx)
            throw QuarryHTTPError(status: .conflict, code: "changed_mind", message: "rolled back")
        }
    }
    // App B: the WebSocket endpoint clients listen on.
    let sockets = Router(context: BasicWebSocketRequestContext.self)
    sockets.addRealtimeRoute("/realtime", feed: feedB) { channel, _, _ in channel != "secret" }
    let appA = Application(router: api)
    let appB = Application(router: Router(), server: .http1WebSocketUpgrade(webSocketRouter: sockets))

    let received = LockedList<String>()
    _ = try await appA.test(.router) { http in
        _ = try await appB.test(.live) { live in
            try await live.ws("/realtime") { inbound, outbound, _ in
                try await outbound.write(.text(#"{"action": "subscribe", "channels": ["rt_notes", "secret"]}"#))
                var writes: Task<Void, any Error>?
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    received.append(text)
                    let reply = try JSONDecoder().decode(RealtimeReply.self, from: Data(text.utf8))
                    if reply.type == .subscribed {
                        writes = Task {
                            let created = try await http.execute(
                                uri: "/notes", method: .post, headers: [.contentType: "application/json"],
                                body: ByteBuffer(string: #"{"title": "from A"}"#))
                            #expect(created.status == .created)
                            let doomed = try await http.execute(uri: "/notes/doomed", method: .post)
                            #expect(doomed.status == .conflict)
                            _ = try await http.execute(
                                uri: "/notes", method: .post, headers: [.contentType: "application/json"],
                                body: ByteBuffer(string: #"{"title": "marker"}"#))
                        }
                    }
                    if reply.event?.data?["title"] == "marker" { break }
                }
                try await writes?.value
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }
    let all = replies(received.all)
    // A client reconnecting with the last event id it saw gets what followed.
    let lastSeen = all.count > 2 ? all[2].event?.id ?? "" : ""
    let resumedReplies = LockedList<String>()
    _ = try await appB.test(.live) { live in
        try await live.ws("/realtime") { inbound, outbound, _ in
            try await outbound.write(.text(#"{"action": "resume", "after": "\#(lastSeen)", "channels": ["rt_notes"]}"#))
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                resumedReplies.append(text)
                if resumedReplies.all.count == 2 { break }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
    }
    let resumed = replies(resumedReplies.all)
    #expect(resumed.map(\.type) == [.subscribed, .event])
    #expect(resumed.last?.event?.data?["title"] == "marker", "the event after the last one seen, replayed")
    #expect(all.map(\.type) == [.denied, .subscribed, .event, .event])
    #expect(all.first?.channels == ["secret"], "the authorisation hook refused it")
    #expect(all[1].channels == ["rt_notes"])
    #expect(all[2].event?.data?["title"] == "from A")
    #expect(all[3].event?.data?["title"] == "marker", "the rolled-back write sent nothing")
    feedA.close()
    feedB.close()
    await busA.close()
    await busB.close()
}

private func heartbeatScenario(_ shared: Database) async throws {
    let feed = ChangeFeed(database: isolated(shared), bus: InProcessMessageBus(), channel: uniqueChannel())
    try await feed.start()
    let sockets = Router(context: BasicWebSocketRequestContext.self)
    sockets.addRealtimeRoute("/realtime", feed: feed)
    let app = Application(router: Router(), server: .http1WebSocketUpgrade(
        webSocketRouter: sockets, configuration: .init(ws: .init(autoPing: .enabled(timePeriod: .milliseconds(200))))))
    try await app.test(.live) { client in
        let port = try #require(client.port)
        let thread = DedicatedThreadExecutor(name: "quarry.test-silent-client")
        defer { thread.shutdown() }
        let (upgraded, closedAfter) = try await thread.run { silentWebSocketClient(port: port) }
        #expect(upgraded, "the handshake succeeded")
        #expect(closedAfter < .seconds(3), "the server hung up on a client that never answered its pings")
        for _ in 0..<100 where feed.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(feed.subscriberCount == 0, "its subscription ended with it")
    }
    feed.close()
}

/// Opens a WebSocket on 127.0.0.1:`port` and then never answers: whether
/// the upgrade succeeded, and how long until the server closed the socket.
/// (Blocking socket calls: run it on a thread of its own.)
private func silentWebSocketClient(port: Int) -> (upgraded: Bool, closedAfter: Duration) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var timeout = Glibc.timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<Glibc.timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return (false, .zero) }
    let handshake = "GET /realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    _ = handshake.withCString { send(descriptor, $0, strlen($0), 0) }
    let start = ContinuousClock.now
    var buffer = [UInt8](repeating: 0, count: 4096)
    var received: [UInt8] = []
    while true {
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }   // closed (or the 10 s timeout)
        received += buffer[0..<count]
    }
    let upgraded = String(decoding: received.prefix(12), as: UTF8.self) == "HTTP/1.1 101"
    return (upgraded, ContinuousClock.now - start)
}

/// Waits up to `seconds` for `condition`.
private func eventually(seconds: Int = 10, _ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<(seconds * 50) {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

private func reconnectScenario(_ server: TestPostgres.Server) async throws {
    let db = try await Database.postgres(url: server.url, pool: PoolConfiguration(maxConnections: 2, checkoutTimeout: .seconds(5)))
    let bus = try PostgresMessageBus(database: db)
    let channel = uniqueChannel()
    let received = LockedList<MessageBusEvent>()
    let stream = try await bus.subscribe(to: channel)
    let reader = Task { for await event in stream { received.append(event) } }

    try await bus.publish("before", to: channel)
    #expect(try await eventually { received.all.contains(.message("before")) })
    try await server.stop(.immediate)
    #expect(try await eventually { received.all.contains(.interrupted) }, "the subscriber is told messages may be lost")
    try await server.start()
    #expect(try await eventually { received.all.contains(.resumed) }, "the listener reconnected and LISTENs again")
    // The pool's connections died with the server: publish until one is fresh.
    for _ in 0..<50 {
        do {
            try await bus.publish("after", to: channel)
            break
        } catch {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
    #expect(try await eventually { received.all.contains(.message("after")) })
    #expect(received.all == [.message("before"), .interrupted, .resumed, .message("after")])
    reader.cancel()
    await bus.close()
    await db.close()
}
