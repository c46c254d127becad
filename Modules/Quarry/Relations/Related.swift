/// The storage behind a relation property (`@BelongsTo var author: Author?`):
/// either not loaded, or loaded with a value that may be absent (`nil`
/// for a to-one relation with no row).
///
/// The relation macros keep one in `_name` beside the property. Like
/// ``RowSnapshot``, it never affects equality, hashing or coding of the
/// model: models compare by their columns.
///
/// ```swift
/// let post = try await Post.query.prefetch(\.author).first(on: db)!
/// post.isLoaded(\.author)    // true
/// post.author?.name          // the author, read from memory
/// ```
public struct Related<Value>: Hashable, Codable {
    fileprivate indirect enum State {
        case notLoaded
        case loaded(Value?)
    }

    private var state: State

    /// Not loaded.
    public init() {
        state = .notLoaded
    }

    /// Loaded with `value` (`nil`: loaded, and there is no related row).
    public init(loaded value: Value?) {
        state = .loaded(value)
    }

    /// Whether the relation was loaded (prefetched or assigned).
    public var isLoaded: Bool {
        if case .loaded = state { return true }
        return false
    }

    /// The loaded value; `nil` when not loaded or when there is no related row.
    public var value: Value? {
        if case .loaded(let value) = state { return value }
        return nil
    }

    public static func == (lhs: Related, rhs: Related) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    /// Decodes as not loaded: relations are not part of a model's coding.
    public init(from decoder: any Decoder) throws {
        state = .notLoaded
    }

    /// Encodes nothing (`null`): relations are not part of a model's coding.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

extension Related: Sendable where Value: Sendable {}
extension Related.State: Sendable where Value: Sendable {}
