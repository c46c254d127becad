extension QueryExecutor {
    /// Turns on row-level security for `model`'s table (PostgreSQL): its
    /// rows are read and written only where `column` equals the run-time
    /// `setting` of the transaction — for raw SQL too, and for the table's
    /// owner (`FORCE`); while the setting is unset or empty no row matches.
    /// Set it per transaction with ``Transaction/setLocal(_:to:)`` or for
    /// every statement with ``Database/applying(_:)``. Runs in one
    /// transaction; running it again replaces the policy.
    ///
    /// Superusers and roles with `BYPASSRLS` are not bound by any policy:
    /// connect as an ordinary role.
    ///
    /// ```swift
    /// try await db.enableRowSecurity(on: Invoice.self, column: "tenant_id", matching: "app.tenant", policy: "invoice_tenant")
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` naming
    ///   `column` when the model has no such column, or `setting` unless it
    ///   is `prefix.name` (letters, digits, `_`); ``QuarryError/misuse(_:)``
    ///   on a database without row-level security (SQLite).
    public func enableRowSecurity<M: Model>(
        on model: M.Type, column: String, matching setting: String, policy: String
    ) async throws {
        guard M.schema.columns.contains(where: { $0.name == column }) else {
            throw QuarryError.invalidArgument(name: "column", reason: "\(M.schema.name) has no column \(column)")
        }
        guard Self.isSettingName(setting) else {
            throw QuarryError.invalidArgument(
                name: "setting", reason: "expected prefix.name of letters, digits and _ (e.g. app.tenant), got \(setting)")
        }
        guard let statements = dialect.rowSecurity(table: M.schema.name, column: column, setting: setting, policy: policy) else {
            throw QuarryError.misuse("\(dialect.name) has no row-level security; \(M.schema.name) is guarded by Quarry's scopes only")
        }
        try await transaction { tx in
            for statement in statements { try await tx.execute(statement) }
        }
    }

    /// Undoes ``enableRowSecurity(on:column:matching:policy:)``.
    ///
    /// ```swift
    /// try await db.disableRowSecurity(on: Invoice.self, policy: "invoice_tenant")
    /// ```
    public func disableRowSecurity<M: Model>(on model: M.Type, policy: String) async throws {
        guard let statements = dialect.dropRowSecurity(table: M.schema.name, policy: policy) else {
            throw QuarryError.misuse("\(dialect.name) has no row-level security")
        }
        try await transaction { tx in
            for statement in statements { try await tx.execute(statement) }
        }
    }

    /// A custom run-time setting's name: `prefix.name`, each part an identifier.
    private static func isSettingName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        func isLetter(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "_") || (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        return parts.count == 2 && parts.allSatisfy { part in
            guard let first = part.utf8.first, isLetter(first) else { return false }
            return part.utf8.allSatisfy { isLetter($0) || isDigit($0) }
        }
    }
}
