/// The kind of change a ``ModelEvent`` reports.
public enum ModelEventKind: String, Sendable, Hashable {
    case created, updated, deleted
}

/// What happened to one row, delivered by ``Signals`` after the change
/// committed.
///
/// ```swift
/// signals.subscribe(to: Author.self) { event in
///     if event.kind == .updated { print(event.before?.name ?? "?", "→", event.after?.name ?? "?") }
/// }
/// ```
public struct ModelEvent<M: Model>: Sendable {
    public var kind: ModelEventKind
    /// The row before the change: `nil` for `created`.
    public var before: M?
    /// The row as stored after the change: `nil` for `deleted`.
    public var after: M?

    public init(kind: ModelEventKind, before: M?, after: M?) {
        self.kind = kind
        self.before = before
        self.after = after
    }
}

/// A ``ModelEvent`` of any model, for subscribers to every model.
public struct AnyModelEvent: Sendable {
    /// The model type.
    public var model: any Model.Type
    /// The model's table.
    public var table: String
    public var kind: ModelEventKind
    public var before: (any Model)?
    public var after: (any Model)?
}
