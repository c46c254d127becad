import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Quarry
import QuarryRealtime
import NIOWebSocket
import Synchronization

extension RouterMethods {
    /// Adds a WebSocket endpoint (`GET /realtime`, upgraded) that streams a
    /// `ChangeFeed`'s events: clients send `RealtimeRequest`s to
    /// subscribe, unsubscribe or resume, and receive `RealtimeReply`s.
    /// `authorize` decides each channel a client asks for (a tenant sees
    /// only its channels). A client whose buffer of `bufferLimit` events
    /// fills (it reads too slowly) is disconnected with "try again later"
    /// (1013); the others never wait for it. Dead clients are dropped by
    /// the server's ping/pong (`WebSocketServerConfiguration.autoPing`).
    ///
    /// ```swift
    /// let ws = Router(context: BasicWebSocketRequestContext.self)
    /// ws.addRealtimeRoute("/realtime", feed: feed) { channel, request, _ in
    ///     channel.hasPrefix("tenants:") ? channel == "tenants:\(request.headers[.init("X-Tenant")!] ?? "")" : true
    /// }
    /// let app = Application(router: router, server: .http1WebSocketUpgrade(
    ///     webSocketRouter: ws, configuration: .init(autoPing: .enabled(timePeriod: .seconds(15)))))
    /// ```
    @discardableResult
    public func addRealtimeRoute(
        _ path: RouterPath = "/realtime", feed: ChangeFeed, bufferLimit: Int = 256,
        authorize: (@Sendable (String, Request, Context) async throws -> Bool)? = nil
    ) -> Self where Context: WebSocketRequestContext, Self: _HB_SendableMetatype {
        ws(path) { (inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<Context>) in
            var check: (@Sendable (String) async throws -> Bool)?
            if let authorize {
                let request = context.request
                let requestContext = context.requestContext
                check = { channel in try await authorize(channel, request, requestContext) }
            }
            let session = RealtimeSession(feed: feed, bufferLimit: bufferLimit, logger: context.logger, authorize: check)
            try await session.run(inbound: inbound, outbound: outbound)
        }
    }
}

/// One WebSocket client: its subscription to the feed, a reader of its
/// requests and a writer of its events.
struct RealtimeSession: Sendable {
    let feed: ChangeFeed
    let bufferLimit: Int
    let logger: Logger
    let authorize: (@Sendable (String) async throws -> Bool)?

    init(
        feed: ChangeFeed, bufferLimit: Int, logger: Logger, authorize: (@Sendable (String) async throws -> Bool)?
    ) {
        self.feed = feed
        self.bufferLimit = bufferLimit
        self.logger = logger
        self.authorize = authorize
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let current = CurrentSubscription(feed.subscribe(to: [], bufferLimit: bufferLimit))
        defer { current.value.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // The writer: follows the current subscription (a resume replaces it).
                while !Task.isCancelled {
                    let subscription = current.value
                    for await event in subscription {
                        try await send(RealtimeReply(type: .event, event: event), on: outbound)
                    }
                    if subscription.wasDropped {
                        logger.warning("real-time client too slow; disconnected")
                        try await outbound.close(.unknown(1013), reason: "too slow: reconnect and resume")
                        return
                    }
                    guard current.value !== subscription else { return }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 64 << 10) {
                    guard case .text(let text) = message,
                        let request = try? JSONDecoder().decode(RealtimeRequest.self, from: Data(text.utf8))
                    else {
                        try await send(RealtimeReply(type: .error, message: "expected {\"action\", \"channels\"} JSON"), on: outbound)
                        continue
                    }
                    try await handle(request, current: current, outbound: outbound)
                }
            }
            // Either side ending (the client leaving, or dropped) ends the session.
            try await group.next()
            group.cancelAll()
        }
    }

    private func handle(_ request: RealtimeRequest, current: CurrentSubscription, outbound: WebSocketOutboundWriter) async throws {
        var allowed: [String] = []
        var denied: [String] = []
        for channel in request.channels {
            if try await authorize?(channel) ?? true { allowed.append(channel) } else { denied.append(channel) }
        }
        if !denied.isEmpty { try await send(RealtimeReply(type: .denied, channels: denied), on: outbound) }
        switch request.action {
        case .subscribe:
            current.value.subscribe(to: Set(allowed))
            try await send(RealtimeReply(type: .subscribed, channels: allowed), on: outbound)
        case .unsubscribe:
            current.value.unsubscribe(from: Set(request.channels))
            try await send(RealtimeReply(type: .unsubscribed, channels: request.channels), on: outbound)
        case .resume:
            let channels = current.value.channels.union(allowed)
            let resumed = feed.subscribe(to: channels, bufferLimit: bufferLimit, after: request.after)
            try await send(RealtimeReply(type: resumed.resumed ? .subscribed : .resync, channels: Array(channels).sorted()), on: outbound)
            current.replace(with: resumed)
        }
    }

    private func send(_ reply: RealtimeReply, on outbound: WebSocketOutboundWriter) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await outbound.write(.text(String(decoding: try encoder.encode(reply), as: UTF8.self)))
    }
}

/// The session's subscription, replaced by a resume.
final class CurrentSubscription: Sendable {
    private let state: Mutex<ChangeSubscription>

    init(_ subscription: ChangeSubscription) {
        state = Mutex(subscription)
    }

    var value: ChangeSubscription { state.withLock { $0 } }

    func replace(with subscription: ChangeSubscription) {
        let old = state.withLock { state in
            defer { state = subscription }
            return state
        }
        old.cancel()
    }
}
