/// Lifecycle hooks: every ``Model`` has them, doing nothing unless the model
/// (or a protocol it conforms to, such as a mixin) implements them.
///
/// A throwing `will…` hook aborts the operation before anything is written.
/// `did…` hooks run on the stored row, after the statement; an error they
/// throw reaches the caller (inside a transaction, it rolls the work back).
///
/// Order: insert — `willSave`, `willCreate`, INSERT, `didCreate`, `didSave`;
/// update — `willSave`, `willUpdate`, UPDATE, `didUpdate`, `didSave`;
/// delete — `willDelete`, DELETE, `didDelete`.
///
/// ```swift
/// extension Author {
///     mutating func willSave(on db: some QueryExecutor) async throws {
///         email = email.lowercased()
///     }
/// }
/// ```
public protocol ModelHooks {
    mutating func willCreate(on db: some QueryExecutor) async throws
    func didCreate(on db: some QueryExecutor) async throws
    mutating func willUpdate(on db: some QueryExecutor) async throws
    func didUpdate(on db: some QueryExecutor) async throws
    mutating func willSave(on db: some QueryExecutor) async throws
    func didSave(on db: some QueryExecutor) async throws
    func willDelete(on db: some QueryExecutor) async throws
    func didDelete(on db: some QueryExecutor) async throws
}

extension ModelHooks {
    public mutating func willCreate(on db: some QueryExecutor) async throws {}
    public func didCreate(on db: some QueryExecutor) async throws {}
    public mutating func willUpdate(on db: some QueryExecutor) async throws {}
    public func didUpdate(on db: some QueryExecutor) async throws {}
    public mutating func willSave(on db: some QueryExecutor) async throws {}
    public func didSave(on db: some QueryExecutor) async throws {}
    public func willDelete(on db: some QueryExecutor) async throws {}
    public func didDelete(on db: some QueryExecutor) async throws {}
}
