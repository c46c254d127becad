import Quarry

/// A model with a `version` column: `save` and `update` write only when the
/// row still has the version this value was loaded with, and bump it (bulk
/// updates bump it too). When another writer got there first, nothing is
/// overwritten and `QuarryError/staleObject(table:key:currentVersion:)`
/// tells the current version.
///
/// ```swift
/// @Model struct Account: OptimisticLocking {
///     @ID var id: Int64?
///     var balance: Int
///     var version: Int64 = 1
/// }
/// do {
///     account.balance -= 10
///     account = try await account.save(on: db)
/// } catch QuarryError.staleObject(_, _, let current) {
///     // reload (now at `current`) and try again
/// }
/// ```
public protocol OptimisticLocking: VersionedModel {
    var version: Int64 { get set }
}

extension OptimisticLocking {
    /// `version` unless the model renames the column (then it declares
    /// `static let versionColumn = "…"`).
    public static var versionColumn: String { "version" }
    public var rowVersion: Int64 { version }
}
