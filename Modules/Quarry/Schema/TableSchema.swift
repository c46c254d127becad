/// A model's table: its name and columns, in the order the model encodes
/// and decodes them.
///
/// ```swift
/// let schema = TableSchema("authors", columns: [
///     ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
///     ColumnSchema("email", type: .text(maxLength: 120), isUnique: true),
/// ])
/// ```
public struct TableSchema: Sendable, Hashable {
    public var name: String
    public var columns: [ColumnSchema]

    public init(_ name: String, columns: [ColumnSchema]) {
        self.name = name
        self.columns = columns
    }

    /// The index of the primary-key column.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` unless exactly
    ///   one column is the primary key.
    /// The primary key column's name, or `nil` without exactly one.
    ///
    /// ```swift
    /// Author.schema.primaryKeyName   // "id"
    /// ```
    public var primaryKeyName: String? {
        (try? primaryKeyIndex()).map { columns[$0].name }
    }

    public func primaryKeyIndex() throws -> Int {
        let keys = columns.indices.filter { columns[$0].isPrimaryKey }
        guard keys.count == 1 else {
            throw QuarryError.invalidArgument(
                name: "schema", reason: "table \(name) needs exactly one primary-key column, has \(keys.count)")
        }
        return keys[0]
    }

    /// Checks names and keys before any SQL is built.
    public func validate() throws {
        guard !name.isEmpty else { throw QuarryError.invalidArgument(name: "schema", reason: "a table needs a name") }
        guard !columns.isEmpty else {
            throw QuarryError.invalidArgument(name: "schema", reason: "table \(name) has no columns")
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else {
                throw QuarryError.invalidArgument(name: "schema", reason: "table \(name) has a column without a name")
            }
            guard seen.insert(column.name).inserted else {
                throw QuarryError.invalidArgument(name: "schema", reason: "table \(name) has two columns named \(column.name)")
            }
            if column.isAutoIncrement && !(column.isPrimaryKey && column.type.isInteger) {
                throw QuarryError.invalidArgument(
                    name: "schema", reason: "\(name).\(column.name): only an integer primary key can auto-increment")
            }
            if case .text(let maxLength?) = column.type, maxLength < 1 {
                throw QuarryError.invalidArgument(name: "schema", reason: "\(name).\(column.name): maxLength must be positive")
            }
        }
        _ = try primaryKeyIndex()
    }
}
