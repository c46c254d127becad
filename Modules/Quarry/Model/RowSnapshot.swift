/// The row a model was loaded from, kept by `@Model` structs so that
/// ``Model/save(on:)`` writes only the columns that changed since.
///
/// `Values` is the tuple of the model's column types (the type itself for
/// a model of one column), so a snapshot is stored inline in the model:
/// loading a row allocates nothing for it. It never affects equality,
/// hashing or coding of the model: two models with the same column values
/// are equal whether or not they were loaded.
///
/// ```swift
/// var _quarryLoaded = RowSnapshot<(id: Int64?, name: String)>()   // what @Model adds
/// ```
public struct RowSnapshot<Values>: Hashable, Codable {
    /// The column values as loaded, or `nil` for a model built in Swift.
    public var values: Values?

    /// No snapshot: the model was built in Swift, not loaded.
    public init() {
        values = nil
    }

    /// A snapshot of a row's column values.
    public init(_ values: Values) {
        self.values = values
    }

    public static func == (lhs: RowSnapshot, rhs: RowSnapshot) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public init(from decoder: any Decoder) throws {
        values = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

extension RowSnapshot: Sendable where Values: Sendable {}

/// A model that remembers the row it was loaded from; `@Model` adds the
/// stored property, these members and `Model/_quarryLoadedValues`, which
/// reads the snapshot.
public protocol DirtyTracking: Model {
    /// Remembers `values` (column values in column order) as the row the
    /// model was loaded from; `nil` forgets it, so that `save` treats the
    /// model as built in Swift.
    mutating func _quarryRemember(_ values: [SQLValue]?) throws
}
