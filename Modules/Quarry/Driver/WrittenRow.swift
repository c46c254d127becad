/// The row an `INSERT` stores, known before it runs: what a driver hands
/// back, in place of `RETURNING`, for a statement that carries one
/// (``Statement/writtenRow``).
///
/// The statement compiler attaches one only where the dialect can say what
/// each written value reads back as (``SQLDialect/storedValue(_:as:)``) and
/// the only column the database fills is the table's integer key: SQLite
/// then writes the row without opening the temporary table `RETURNING`
/// needs, and the driver decodes these values with the new row's key.
///
/// ```swift
/// // INSERT INTO "tags" ("label") VALUES (?1) — no RETURNING
/// let row = WrittenRow(values: [.null, .text("swift")], columnNames: ["id", "label"], generatedKeyIndex: 0)
/// ```
public struct WrittenRow: Sendable, Hashable {
    /// Every column of the row, in the model's select-list order, as a read
    /// would return them.
    public var values: [SQLValue]
    /// The columns' names, for errors while decoding.
    public var columnNames: [String]
    /// The column the driver fills with the key the database assigned
    /// (SQLite's `last_insert_rowid()`); `nil` when the insert wrote the key.
    public var generatedKeyIndex: Int?

    /// Creates the row an insert writes.
    public init(values: [SQLValue], columnNames: [String], generatedKeyIndex: Int?) {
        self.values = values
        self.columnNames = columnNames
        self.generatedKeyIndex = generatedKeyIndex
    }

    /// The row once the database assigned `key`: what the driver decodes.
    ///
    /// ```swift
    /// row.completed(generatedKey: 42).values[0]   // .int(42)
    /// ```
    public func completed(generatedKey key: Int64) -> ValuesRowDecoder {
        var values = values
        if let generatedKeyIndex { values[generatedKeyIndex] = .int(key) }
        return ValuesRowDecoder(values: values, columnNames: columnNames)
    }
}
