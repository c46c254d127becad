/// The kernel seam of audit logs (`QuarryMixins`' `Audited`): a model
/// whose every single-row create, update and delete — and every row of a
/// bulk update or delete, which then runs row by row — is handed to
/// `record` inside the same transaction as the write. The kernel opens
/// that transaction when the caller has none, so a failed record undoes
/// the write and a rolled-back write leaves no record.
///
/// ```swift
/// extension Account: ChangeRecording {
///     static func record(_ change: ModelEvent<Account>, on tx: Transaction) async throws {
///         try await tx.execute("INSERT INTO account_log (kind) VALUES (\(change.kind.rawValue))")
///     }
/// }
/// ```
public protocol ChangeRecording: Model {
    /// Records one change; runs inside the write's transaction.
    static func record(_ change: ModelEvent<Self>, on tx: Transaction) async throws
}

extension Model {
    /// Whether writes of this model are recorded (and so run in a transaction).
    static var recordsChanges: Bool { _quarryTraits.recordsChanges }

    /// Hands `change` to the model's recorder, if it has one.
    static func record(_ change: ModelEvent<Self>, on db: some QueryExecutor) async throws {
        guard recordsChanges, let recording = Self.self as? any ChangeRecording.Type else { return }
        guard let tx = db as? Transaction else {
            throw QuarryError.misuse("\(schema.name): a change record must be written inside the change's transaction")
        }
        try await deliver(change, to: recording, on: tx)
    }

    private static func deliver<R: ChangeRecording>(_ change: ModelEvent<Self>, to: R.Type, on tx: Transaction) async throws {
        guard let typed = change as? ModelEvent<R> else { return }
        try await R.record(typed, on: tx)
    }
}
