/// The row a model was loaded from, kept by `@Model` structs so that
/// ``Model/save(on:)`` writes only the columns that changed since.
///
/// It never affects equality, hashing or coding of the model: two models
/// with the same column values are equal whether or not they were loaded.
public struct RowSnapshot: Sendable, Hashable, Codable {
    private let model: (any Sendable)?

    /// No snapshot: the model was built in Swift, not loaded.
    public init() {
        model = nil
    }

    /// A snapshot of `model` as it is now.
    public init(of model: some Model) {
        self.model = model
    }

    /// The model as it was loaded, if it was.
    public func loaded<M: Model>(as type: M.Type) -> M? {
        model as? M
    }

    public static func == (lhs: RowSnapshot, rhs: RowSnapshot) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public init(from decoder: any Decoder) throws {
        model = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// A model that remembers the row it was loaded from; `@Model` adds the
/// stored property.
public protocol DirtyTracking: Model {
    /// The row as loaded (or last saved).
    var _quarryLoaded: RowSnapshot { get set }
}
