/// Run-time settings a ``Database`` applies to every statement it runs,
/// transaction-locally (`set_config(…, true)` on PostgreSQL), read when the
/// statement or transaction starts — typically from a task-local, such as
/// the current tenant for row-level security.
///
/// A transaction sets them right after `BEGIN`; a statement outside a
/// transaction (on the database or a session) runs in one of its own so
/// the settings can apply: that costs three extra round trips, so apply
/// settings only where they are needed. Settings end with their
/// transaction, so they never reach the next lease of a pooled connection,
/// and they work through a transaction-mode pooler. With no settings (the
/// closure returns none) a statement runs as usual.
///
/// ```swift
/// let guarded = try db.applying(LocalSettings { [("app.user", currentUserID())] })
/// let rows = try await guarded.fetchAll("SELECT * FROM documents")   // policies see app.user
/// ```
public struct LocalSettings: Sendable {
    /// The settings for the statement about to run: names and values.
    public let current: @Sendable () throws -> [(name: String, value: String)]

    /// Settings computed per statement by `current`.
    public init(_ current: @escaping @Sendable () throws -> [(name: String, value: String)]) {
        self.current = current
    }

    /// Whether the statement about to run needs a transaction of its own.
    func areActive() throws -> Bool { try !current().isEmpty }

    /// Sets each setting on `transaction` until it ends.
    func apply(on transaction: Transaction) async throws {
        for (name, value) in try current() {
            try await transaction.setLocal(name, to: value)
        }
    }
}
