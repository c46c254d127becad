/// The kernel seam of optimistic locking (`QuarryMixins`' `OptimisticLocking`
/// builds on it): a model whose row carries a version. `update`/`save`
/// write only where the version is still the loaded one and bump it; bulk
/// updates bump it too. A lost race throws ``QuarryError/staleObject(table:key:currentVersion:)``.
///
/// ```swift
/// @Model struct Account: VersionedModel {
///     @ID var id: Int64?
///     var balance: Int
///     var version: Int64 = 1
///     static let versionColumn = "version"
///     var rowVersion: Int64 { version }
/// }
/// ```
public protocol VersionedModel: Model {
    /// The version column's name.
    static var versionColumn: String { get }
    /// The version this value was loaded (or last saved) with.
    var rowVersion: Int64 { get }
}
