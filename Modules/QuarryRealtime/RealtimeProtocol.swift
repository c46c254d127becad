import Quarry

/// The JSON a real-time WebSocket client sends:
///
/// ```json
/// {"action": "subscribe", "channels": ["authors", "authors:42"]}
/// {"action": "unsubscribe", "channels": ["authors"]}
/// {"action": "resume", "after": "3f2a9c1e-17", "channels": ["authors"]}
/// ```
public struct RealtimeRequest: Codable, Sendable, Hashable {
    /// What the client asks for.
    public enum Action: String, Codable, Sendable {
        case subscribe, unsubscribe, resume
    }

    public var action: Action
    public var channels: [String]
    /// For `resume`: the last event id the client saw.
    public var after: String?

    /// Creates a request.
    public init(action: Action, channels: [String], after: String? = nil) {
        self.action = action
        self.channels = channels
        self.after = after
    }
}

/// The JSON a real-time WebSocket client receives:
///
/// ```json
/// {"type": "subscribed", "channels": ["authors"]}
/// {"type": "denied", "channels": ["tenants:7"]}
/// {"type": "event", "event": {"id": "…", "kind": "created", "table": "authors", "key": "42", "data": {…}}}
/// {"type": "resync"}                     // resume impossible: reload, then subscribe
/// {"type": "error", "message": "…"}
/// ```
public struct RealtimeReply: Codable, Sendable, Hashable {
    /// What the reply says.
    public enum Kind: String, Codable, Sendable {
        case subscribed, unsubscribed, denied, event, resync, error
    }

    public var type: Kind
    public var channels: [String]?
    public var event: ChangeEvent?
    public var message: String?

    /// Creates a reply.
    public init(type: Kind, channels: [String]? = nil, event: ChangeEvent? = nil, message: String? = nil) {
        self.type = type
        self.channels = channels
        self.event = event
        self.message = message
    }
}
