import Quarry

// Stable texts of schema values: what checksums hash. They must not change
// when a type gains a field, or every applied migration would look edited.

extension ColumnType {
    var canonical: String {
        switch self {
        case .int64: "int64"
        case .int32: "int32"
        case .int16: "int16"
        case .double: "double"
        case .float: "float"
        case .bool: "bool"
        case .text(let maxLength?): "text(\(maxLength))"
        case .text(nil): "text"
        case .blob: "blob"
        case .date: "date"
        case .uuid: "uuid"
        case .decimal: "decimal"
        case .json: "json"
        }
    }
}

extension ColumnDefault {
    var canonical: String {
        switch self {
        case .value(let value): "value(\(value))"
        case .currentTimestamp: "now"
        case .expression(let sql): "sql(\(sql))"
        }
    }
}

extension ColumnDefinition {
    var canonical: String {
        "\(name) \(type.canonical)\(isNullable ? " null" : "")\(isAutoIncrement ? " auto" : "")"
            + (defaultValue.map { " default \($0.canonical)" } ?? "")
    }
}

extension IndexDefinition {
    var canonical: String {
        "\(isUnique ? "unique " : "")\(name)(\(columns.joined(separator: ",")))" + (condition.map { " where \($0)" } ?? "")
            + (options.isEmpty ? "" : " options(desc:\(options.descending.sorted().joined(separator: ",")) expr:"
                + options.expressions.joined(separator: ";") + " method:\(options.method?.rawValue ?? "-") include:"
                + options.include.joined(separator: ",") + ")")
    }
}

extension ForeignKeyDefinition {
    var canonical: String {
        "\(name)(\(columns.joined(separator: ","))) -> \(referencedTable)(\(referencedColumns.joined(separator: ","))) on delete \(onDelete.rawValue)"
    }
}

extension CheckConstraint {
    var canonical: String { "\(name): \(expression)" }
}

extension TableDefinition {
    var canonical: String {
        "\(name) [" + columns.map(\.canonical).joined(separator: ", ") + "] pk(\(primaryKey.joined(separator: ",")))"
            + indexes.map { " index " + $0.canonical }.joined()
            + foreignKeys.map { " fk " + $0.canonical }.joined()
            + checks.map { " check " + $0.canonical }.joined()
    }
}
