/// Why resilient work refused to run.
public enum ResilienceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The circuit is open: the database failed repeatedly, and calls fail
    /// fast until `retryAfter` has passed.
    case circuitOpen(name: String, retryAfter: Duration)
    /// A read-only retrying block tried to write (see `Database.retryingReads`).
    case writeInReadOnlyBlock(sql: String)

    public var description: String {
        switch self {
        case .circuitOpen(let name, let retryAfter): "circuit \(name) is open; retry after \(retryAfter)"
        case .writeInReadOnlyBlock(let sql):
            "a retried read-only block ran a statement that may write (opt in with retrying(idempotent: true)): \(sql)"
        }
    }
}
