import Quarry

/// One change, as clients receive it: a model row created, updated or
/// deleted (with its Response DTO and, for updates, the fields that
/// changed), or a message sent to a custom channel.
///
/// ```json
/// {"id": "3f2a9c1e-17", "kind": "updated", "table": "authors", "key": "42",
///  "data": {"id": 42, "name": "Ada"}, "changedFields": ["name"]}
/// ```
public struct ChangeEvent: Codable, Sendable, Hashable {
    /// `created`, `updated`, `deleted`, or `message` (a custom channel's).
    public enum Kind: String, Codable, Sendable, Hashable {
        case created, updated, deleted, message
    }

    /// Unique and increasing per publishing process: what a reconnecting
    /// client resumes after.
    public var id: String
    public var kind: Kind
    /// The model's table (model events).
    public var table: String?
    /// The row's key as text (model events).
    public var key: String?
    /// The custom channel (messages).
    public var channel: String?
    /// The row's Response DTO after the change (before it, for a delete), or
    /// a message's body; `nil` when ``isTruncated``.
    public var data: JSON?
    /// The Response fields an update changed.
    public var changedFields: [String]?
    /// The event was too large for the bus: `data` is left out, fetch the
    /// row by its key instead.
    public var isTruncated: Bool

    /// Creates an event.
    public init(
        id: String, kind: Kind, table: String? = nil, key: String? = nil, channel: String? = nil, data: JSON? = nil,
        changedFields: [String]? = nil, isTruncated: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.table = table
        self.key = key
        self.channel = channel
        self.data = data
        self.changedFields = changedFields
        self.isTruncated = isTruncated
    }

    /// The channels the event is delivered on: `authors` and `authors:42`
    /// for a model event, the custom channel for a message.
    public var channels: [String] {
        if let channel { return [channel] }
        guard let table else { return [] }
        return key.map { [table, "\(table):\($0)"] } ?? [table]
    }
}
