import Foundation
import Quarry

/// A model whose deletes set `deletedAt` instead of removing the row;
/// queries, `find`/`get`, counts, prefetches and relation filters hide
/// deleted rows unless asked.
///
/// ```swift
/// @Model struct Note: SoftDeletable {
///     @ID var id: Int64?
///     var text: String
///     var deletedAt: Date?
/// }
/// try await note.delete(on: db)                                  // UPDATE … SET deleted_at = now
/// let visible = try await Note.query.all(on: db)                 // without it
/// let all = try await Note.query.withDeleted().all(on: db)
/// let bin = try await Note.query.onlyDeleted().all(on: db)
/// try await bin[0].restore(on: db)
/// try await note.forceDelete(on: db)                             // DELETE for real
/// ```
///
/// The column is `deleted_at` unless the model says otherwise with
/// `static let deletedAtColumn = "…"`.
public protocol SoftDeletable: ScopedModel, DeletionMarking {
    var deletedAt: Date? { get set }
    /// The `deletedAt` column's name.
    static var deletedAtColumn: String { get }
}

extension SoftDeletable {
    public static var deletedAtColumn: String { "deleted_at" }

    /// The scope's name, for `Query.withoutScope(_:)`.
    public static var softDeleteScopeName: String { "softDelete" }

    /// Rows not deleted.
    static func softDeleteScope(in scope: ColumnScope) -> QueryScope {
        QueryScope(softDeleteScopeName, Column<Self, Date?>(deletedAtColumn, in: scope) == nil)
    }

    public static func defaultScopes(in scope: ColumnScope) throws -> [QueryScope] {
        [softDeleteScope(in: scope)]
    }

    public static func deletionMark() -> [Assignment] {
        [Column<Self, Date?>(deletedAtColumn).set(to: Date())]
    }

    /// Clears `deletedAt`; returns the row as stored.
    @discardableResult
    public func restore(on db: some QueryExecutor) async throws -> Self {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key")
        }
        let restored = try await Self.query.withDeleted().filter { _ in Self.keyCondition(key) }
            .update(on: db) { _ in [Column<Self, Date?>(Self.deletedAtColumn).set(to: nil)] }
        guard restored == 1, let row = try await Self.find(on: db, id: key) else {
            throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key))
        }
        return row
    }

    /// Removes the row for real (`DELETE`), deleted or not.
    public func forceDelete(on db: some QueryExecutor) async throws {
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(name: "primaryKey", reason: "a \(Self.schema.name) row without a key")
        }
        try await willDelete(on: db)
        let removed = try await Self.query.withDeleted().filter { _ in Self.keyCondition(key) }.forceDelete(on: db)
        guard removed == 1 else { throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key)) }
        try await didDelete(on: db)
    }
}

extension Query where M: SoftDeletable {
    /// Deleted rows too.
    public func withDeleted() -> Query { withoutScope(M.softDeleteScopeName) }

    /// Only deleted rows.
    public func onlyDeleted() -> Query {
        let column = Column<M, Date?>(M.deletedAtColumn)
        return withDeleted().filter { _ in column != nil }
    }

    /// Removes the matching rows for real (`DELETE`), deleted or not;
    /// returns how many. The other scopes (a tenant) still apply.
    ///
    /// ```swift
    /// try await Note.filter { $0.text == "spam" }.forceDelete(on: db)
    /// ```
    @discardableResult
    public func forceDelete(on db: some QueryExecutor) async throws -> Int {
        try await withDeleted().purge(on: db)
    }
}
