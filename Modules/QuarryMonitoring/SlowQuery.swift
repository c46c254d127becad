import Foundation

/// A statement that ran longer than a ``QueryMonitor``'s threshold.
///
/// ```swift
/// let monitor = QueryMonitor(slowQueryThreshold: .milliseconds(50)) { slow in
///     print("slow:", slow.shape, slow.duration)
/// }
/// ```
public struct SlowQuery: Sendable {
    /// The statement's shape (no bind values).
    public var shape: StatementShape
    /// The SQL text as sent, with its placeholders (no bind values).
    public var sql: String
    /// How long it ran.
    public var duration: Duration
    /// Rows it returned.
    public var rowsReturned: Int
    /// Rows it changed.
    public var rowsChanged: Int
    /// Whether it failed.
    public var failed: Bool
    /// When it finished.
    public var finishedAt: Date
}
