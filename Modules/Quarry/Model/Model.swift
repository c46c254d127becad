/// A Swift type stored as one row of a table, which Quarry reads and
/// writes: a ``FetchableModel`` that can also be inserted, updated and
/// deleted, with lifecycle hooks.
///
/// `@Model` generates this conformance; it can also be written by hand. The
/// schema's columns, `encode(into:)` and ``RowDecodable/init(row:)`` all
/// use the same column order. A database view is a ``FetchableModel``
/// only (`@View`), so writes to it do not compile.
///
/// ```swift
/// struct Tag: Model {
///     var id: Int64?
///     var label: String
///
///     static let schema = TableSchema("tags", columns: [
///         ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
///         ColumnSchema("label", type: .text(maxLength: 40), isUnique: true),
///     ])
///     var primaryKey: Int64? { id }
///     init(row: inout some RowDecoder) throws {
///         id = try row.decode(Int64?.self)
///         label = try row.decode(String.self)
///     }
///     func encode(into binds: inout some BindEncoder) {
///         binds.encode(id)
///         binds.encode(label)
///     }
/// }
///
/// let tag = try await Tag(id: nil, label: "swift").insert(on: db)   // tag.id is set
/// let same = try await Tag.get(on: db, id: tag.id!)
/// ```
public protocol Model: FetchableModel, ModelHooks {
    /// The row as loaded (or last saved): its column values in column
    /// order, or `nil` for a model built in Swift (or one that does not
    /// track its loaded row, ``DirtyTracking``).
    var _quarryLoadedValues: [SQLValue]? { get }
}

extension Model {
    /// Hand-written models remember no loaded row unless they implement ``DirtyTracking``.
    public var _quarryLoadedValues: [SQLValue]? { nil }
}
