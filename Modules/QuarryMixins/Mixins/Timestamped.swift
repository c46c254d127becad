import Foundation
import Quarry

/// A model whose `createdAt` and `updatedAt` Quarry sets: both on insert,
/// `updatedAt` on every `save`/`update` and on bulk updates. UTC, stored to
/// the microsecond.
///
/// ```swift
/// @Model struct Article: Timestamped {
///     @ID var id: Int64?
///     var title: String
///     var createdAt: Date?
///     var updatedAt: Date?
/// }
/// try await Article.filter { $0.title == "Draft" }.update(on: db) { [$0.title.set(to: "Final")] }   // updatedAt set too
/// ```
///
/// Bulk updates set the column `updated_at`; a model that renames it
/// (`@Column(.name(…))`) says so with `static let updatedAtColumn = "…"`.
///
/// `createdAt` is written once: an upsert that updates a stored row keeps
/// it (`InsertOnlyColumns`; the column is `created_at` unless the model
/// says otherwise with `static let createdAtColumn = "…"`).
public protocol Timestamped: BulkUpdateStamping, InsertOnlyColumns {
    var createdAt: Date? { get set }
    var updatedAt: Date? { get set }
    /// The `updatedAt` column's name (`updated_at` unless the model says otherwise).
    static var updatedAtColumn: String { get }
    /// The `createdAt` column's name (`created_at` unless the model says otherwise).
    static var createdAtColumn: String { get }
}

extension Timestamped {
    public mutating func willCreate(on db: some QueryExecutor) async throws {
        let now = Date()
        createdAt = createdAt ?? now
        updatedAt = now
    }

    public mutating func willSave(on db: some QueryExecutor) async throws {
        updatedAt = Date()
    }

    public static var updatedAtColumn: String { "updated_at" }
    public static var createdAtColumn: String { "created_at" }
    public static var insertOnlyColumns: Set<String> { [createdAtColumn] }

    // A key path formed here (`\Self.updatedAt`) names the protocol's
    // requirement, not the model's stored property, so `columnName(for:)`
    // cannot map it: the column is named by convention instead.
    public static func bulkUpdateAssignments() -> [Assignment] {
        [Column<Self, Date?>(updatedAtColumn).set(to: Date())]
    }
}
