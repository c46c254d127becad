/// A unit of work a ``DatabaseInstrument`` wraps: a transaction, a
/// savepoint, a cache read — what a trace shows as a span with the
/// statements run inside it as children.
///
/// ```swift
/// let work = DatabaseWork(kind: .transaction, endpoint: db.driver.endpoint)
/// ```
public struct DatabaseWork: Sendable {
    /// What kind of work.
    public enum Kind: Sendable, Hashable {
        /// `Database.transaction` / `Session.transaction`: BEGIN … COMMIT or ROLLBACK.
        case transaction
        /// `Transaction.transaction`: a savepoint at `depth` (1 for the first).
        case savepoint(depth: Int)
        /// A cache lookup in `store`, the store's type name (`"QueryCache"`, `"DistributedCache"`, `"HybridCache"`, …).
        case cacheRead(store: String)
    }

    public var kind: Kind
    /// The database the work runs against, when it does.
    public var endpoint: DatabaseEndpoint?
    /// The table, for work on one (a cached query's table).
    public var table: String?

    /// Describes a unit of work.
    public init(kind: Kind, endpoint: DatabaseEndpoint? = nil, table: String? = nil) {
        self.kind = kind
        self.endpoint = endpoint
        self.table = table
    }
}

/// Wraps the units of work a ``Database`` runs — transactions, savepoints,
/// cache reads — so that the work runs *inside* the instrument: the seam
/// tracing plugs into (QuarryTracing makes each a span, the statements run
/// in it its children). Registered with ``StatementObservers/add(instrument:)``.
///
/// `around(_:_:)` must call `body` exactly once and return what it returns
/// or rethrow what it throws. While no instrument is registered, work pays
/// one atomic load for this.
///
/// ```swift
/// final class Timing: DatabaseInstrument {
///     func around<Value>(_ work: DatabaseWork, _ body: () async throws -> Value) async throws -> Value {
///         let start = ContinuousClock.now
///         defer { print(work.kind, ContinuousClock.now - start) }
///         return try await body()
///     }
/// }
/// db.observers.add(instrument: Timing())
/// ```
public protocol DatabaseInstrument: AnyObject, Sendable {
    /// Runs `body`, the work `work` describes.
    func around<Value>(_ work: DatabaseWork, _ body: () async throws -> Value) async throws -> Value
}
