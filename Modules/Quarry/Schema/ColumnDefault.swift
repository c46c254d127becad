/// A column's default, written into the `CREATE TABLE` statement.
///
/// ```swift
/// ColumnDefault.value(.int(0))        // DEFAULT 0
/// ColumnDefault.currentTimestamp      // the time of the insert, in each database's timestamp format
/// ```
public enum ColumnDefault: Sendable, Hashable {
    /// A constant: integer, double, boolean, text or `NULL` (the kinds that
    /// have one spelling on every database).
    case value(SQLValue)
    /// The time of the insert.
    case currentTimestamp
    /// An SQL expression written in code (`"gen_random_uuid()"`), emitted
    /// verbatim in parentheses. Never build it from user input.
    case expression(String)
}
