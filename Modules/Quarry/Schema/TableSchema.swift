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

    /// The primary key column's name, or `nil` for a composite key.
    ///
    /// ```swift
    /// Author.schema.primaryKeyName   // "id"
    /// ```
    public var primaryKeyName: String? {
        (try? primaryKeyIndex()).map { columns[$0].name }
    }

    /// The primary key columns' names, in key order (several for a composite key).
    ///
    /// ```swift
    /// PostTag.schema.primaryKeyNames   // ["post_id", "tag_id"]
    /// ```
    public var primaryKeyNames: [String] {
        columns.filter(\.isPrimaryKey).map(\.name)
    }

    /// Whether the primary key spans several columns.
    public var hasCompositeKey: Bool {
        columns.lazy.filter(\.isPrimaryKey).count > 1
    }

    /// The index of the primary-key column, for what needs a single-column
    /// key (relations, auto-increment).
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` unless exactly
    ///   one column is the primary key.
    public func primaryKeyIndex() throws -> Int {
        let keys = try primaryKeyIndices()
        guard keys.count == 1 else {
            throw QuarryError.invalidArgument(
                name: "schema", reason: "table \(name) has a composite primary key (\(keys.count) columns); this needs a single-column one")
        }
        return keys[0]
    }

    /// The indices of the primary-key columns, in column order.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` when no
    ///   column is part of the primary key.
    public func primaryKeyIndices() throws -> [Int] {
        let keys = columns.indices.filter { columns[$0].isPrimaryKey }
        guard !keys.isEmpty else {
            throw QuarryError.invalidArgument(name: "schema", reason: "table \(name) has no primary-key column")
        }
        return keys
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
            if column.isAutoIncrement && hasCompositeKey {
                throw QuarryError.invalidArgument(
                    name: "schema", reason: "\(name).\(column.name): a column of a composite primary key cannot auto-increment")
            }
            if case .text(let maxLength?) = column.type, maxLength < 1 {
                throw QuarryError.invalidArgument(name: "schema", reason: "\(name).\(column.name): maxLength must be positive")
            }
        }
        _ = try primaryKeyIndices()
    }
}
