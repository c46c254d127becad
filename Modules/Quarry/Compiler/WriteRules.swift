/// The write rules of a model's scopes, applied by every statement that
/// writes a model: fixed columns (a tenant column) are stamped on insert
/// and upsert, and never changed by an update.
///
/// ```swift
/// try Invoice.refuseChanges(to: ["tenant_id"], scopes)   // throws: the tenant scope fixes it
/// ```
extension FetchableModel {
    /// Stamps the fixed columns' values into a row about to be inserted.
    static func stampFixedColumns(_ values: inout [SQLValue], _ scopes: ResolvedScopes) {
        guard !scopes.fixed.isEmpty else { return }
        let columns = schema.columns
        for fixed in scopes.fixed {
            if let index = columns.firstIndex(where: { $0.name == fixed.column }) { values[index] = fixed.value }
        }
    }

    /// Refuses assignments (a bulk or conditional `set`, an upsert's update
    /// list) to a column a scope fixes.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` naming the column.
    static func refuseChanges(to assigned: some Sequence<String>, _ scopes: ResolvedScopes) throws {
        guard !scopes.fixed.isEmpty else { return }
        for column in assigned {
            if let fixed = scopes.fixedValue(of: column) { throw fixedColumnError(column, scope: fixed.scope) }
        }
    }

    /// The first fixed column a row write (`save`, `update`, an `Update`
    /// DTO) would change — its value differs from the scope's — or `nil`. A
    /// row never moves out of its scope. `written` are the column indexes
    /// the write sets (`nil`: all).
    static func movedFixedColumn(_ values: [SQLValue], written: Set<Int>?, _ scopes: ResolvedScopes)
        -> (column: String, scope: String)?
    {
        guard !scopes.fixed.isEmpty else { return nil }
        let columns = schema.columns
        for fixed in scopes.fixed {
            guard let index = columns.firstIndex(where: { $0.name == fixed.column }),
                written?.contains(index) ?? true, values[index] != fixed.value
            else { continue }
            return (fixed.column, fixed.scope)
        }
        return nil
    }

    /// The indexes of the columns a scope fixes (left out of every `SET`).
    static func fixedColumnIndexes(_ scopes: ResolvedScopes) -> Set<Int> {
        guard !scopes.fixed.isEmpty else { return [] }
        let columns = schema.columns
        return Set(scopes.fixed.compactMap { fixed in columns.firstIndex { $0.name == fixed.column } })
    }

    /// The error that refuses a change of a fixed column, naming it.
    static func fixedColumnError(_ column: String, scope: String) -> QuarryError {
        .invalidArgument(
            name: column,
            reason: "\(schema.name).\(column) is fixed by the \(scope) scope: it is stamped on insert and cannot be changed")
    }
}
