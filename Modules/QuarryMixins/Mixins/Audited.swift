import Foundation
import Quarry

/// Who is acting, for audit rows: task-local, so set it once per request.
///
/// ```swift
/// try await AuditContext.withActor("ada", requestID: request.id) {
///     try await invoice.save(on: db)      // its audit row names ada and the request
/// }
/// ```
public enum AuditContext {
    @TaskLocal public static var actor: String?
    @TaskLocal public static var requestID: String?

    /// Runs `body` with `actor` (and `requestID`) recorded on every audit row it causes.
    public static func withActor<Value>(
        _ actor: String, requestID: String? = nil, _ body: () async throws -> Value
    ) async rethrows -> Value {
        try await $actor.withValue(actor) {
            try await $requestID.withValue(requestID) { try await body() }
        }
    }
}

/// One audited change: the table and key of the row, the action, the
/// changed fields' values before and after (JSON), who and which request,
/// and when.
@Model(table: "quarry_audit_log")
public struct AuditEntry: Sendable {
    @ID public var id: Int64?
    @Column(.indexed) public var tableName: String
    public var rowKey: String
    /// `created`, `updated` or `deleted`.
    public var action: String
    /// `{"column": {"before": …, "after": …}}` for the changed columns only.
    public var changes: JSON
    public var actor: String?
    public var requestID: String?
    @Column(.defaultNow) public var createdAt: Date?
}

/// A model whose every create, update and delete writes an ``AuditEntry``
/// in the same transaction (a rolled-back change leaves no audit row; bulk
/// updates and deletes of an audited model run row by row so that each row
/// is audited). Columns in `auditExcludedColumns` (password hashes) are
/// never stored. Create the `quarry_audit_log` table with the other tables
/// (`TableDefinition(model: AuditEntry.self)` in a migration).
///
/// ```swift
/// @Model struct Customer: Audited {
///     @ID var id: Int64?
///     var email: String
///     var passwordHash: String
///     static let auditExcludedColumns: Set<String> = ["password_hash"]
/// }
/// let history = try await Customer.auditHistory(on: db, key: 7)   // oldest first
/// ```
public protocol Audited: ChangeRecording {
    /// Column names never written to the audit log.
    static var auditExcludedColumns: Set<String> { get }
}

extension Audited {
    public static var auditExcludedColumns: Set<String> { [] }

    public static func record(_ change: ModelEvent<Self>, on tx: Transaction) async throws {
        let columns = schema.columns
        let before = change.before.map(Self.values)
        let after = change.after.map(Self.values)
        var fields: [String: JSON] = [:]
        for index in columns.indices where !auditExcludedColumns.contains(columns[index].name) {
            let old = before?[index], new = after?[index]
            guard old != new else { continue }
            fields[columns[index].name] = .object(["before": old.map(Self.json) ?? .null, "after": new.map(Self.json) ?? .null])
        }
        guard !fields.isEmpty || change.kind != .updated else { return }
        let key = (change.after ?? change.before)?.primaryKey.map(rowKey) ?? ""
        try await AuditEntry(
            tableName: schema.name, rowKey: key, action: change.kind.rawValue, changes: .object(fields),
            actor: AuditContext.actor, requestID: AuditContext.requestID
        ).insert(on: tx)
    }

    /// The audit rows of the row with key `key`, oldest first. A scoped
    /// model's history is its scope's: another tenant's row has none to
    /// show (a soft-deleted row of one's own keeps its history).
    ///
    /// ```swift
    /// let history = try await Customer.auditHistory(on: db, key: 7)
    /// ```
    public static func auditHistory(on db: some QueryExecutor, key: Key) async throws -> [AuditEntry] {
        if Self.self is any ScopedModel.Type {
            guard try await exists(on: db, id: key, withoutScopes: ["softDelete"]) else { return [] }
        }
        let table = schema.name, rowKey = rowKey(key)
        return try await AuditEntry.filter { $0.tableName == table && $0.rowKey == rowKey }.order { $0.id }.all(on: db)
    }

    private static func values(_ model: Self) -> [SQLValue] {
        var encoder = SQLValueEncoder(capacity: schema.columns.count)
        model.encode(into: &encoder)
        return encoder.values
    }

    /// How the audit log names a row: its key's text (`42`), or for a
    /// composite key a JSON array of the parts (`["7","2026-01-01"]`).
    private static func rowKey(_ key: Key) -> String {
        let values = keyValues(of: key)
        if values.count == 1 { return text(values[0]) }
        return JSON.array(values.map { .string(text($0)) }).description
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): text
        case .int(let number): String(number)
        case .uuid(let uuid): uuid.uuidString
        default: value.description
        }
    }

    private static func json(_ value: SQLValue) -> JSON {
        switch value {
        case .null: .null
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .text(let text): .string(text)
        case .json(let json): json
        case .date(let date): .string(SQLTimestamp.format(date))
        case .uuid(let uuid): .string(uuid.uuidString)
        case .decimal(let number): .string(number.description)
        case .blob(let bytes): .string(Data(bytes).base64EncodedString())
        }
    }
}
