import Quarry

extension PostgresDialect {
    /// `set_config(name, value, true)`: what `SET LOCAL` does, with binds.
    public func setLocal(_ name: String, to value: String) -> SQL? {
        "SELECT set_config(\(name), \(value), true)"
    }

    /// `ENABLE` and `FORCE ROW LEVEL SECURITY` (the owner is bound too) and
    /// one policy for reads and writes: `column = current_setting(setting)`,
    /// which matches nothing while the setting is unset or empty.
    public func rowSecurity(table: String, column: String, setting: String, policy: String) -> [SQL]? {
        // DDL takes no binds; `setting` is checked to be `prefix.name` (letters, digits, `_`).
        let current = "NULLIF(current_setting('\(setting)', true), '')"
        let condition: SQL = "\(identifier: column) = \(unsafeRaw: current)"
        return [
            "ALTER TABLE \(identifier: table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(identifier: table) FORCE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS \(identifier: policy) ON \(identifier: table)",
            "CREATE POLICY \(identifier: policy) ON \(identifier: table) USING (\(condition)) WITH CHECK (\(condition))",
        ]
    }

    public func dropRowSecurity(table: String, policy: String) -> [SQL]? {
        [
            "DROP POLICY IF EXISTS \(identifier: policy) ON \(identifier: table)",
            "ALTER TABLE \(identifier: table) NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE \(identifier: table) DISABLE ROW LEVEL SECURITY",
        ]
    }
}
