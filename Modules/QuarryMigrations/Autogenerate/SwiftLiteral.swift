import Foundation
import Quarry

/// Swift source for schema values, as a person would write them in a
/// migration file.
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func strings(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    static func type(_ type: ColumnType) -> String {
        switch type {
        case .int64: ".int64"
        case .int32: ".int32"
        case .int16: ".int16"
        case .double: ".double"
        case .float: ".float"
        case .bool: ".bool"
        case .text(let maxLength?): ".text(maxLength: \(maxLength))"
        case .text(nil): ".text(maxLength: nil)"
        case .blob: ".blob"
        case .date: ".date"
        case .uuid: ".uuid"
        case .decimal: ".decimal"
        case .json: ".json"
        }
    }

    static func value(_ value: SQLValue) -> String {
        switch value {
        case .null: ".null"
        case .int(let number): ".int(\(number))"
        case .double(let number): ".double(\(number))"
        case .text(let text): ".text(\(string(text)))"
        case .bool(let flag): ".bool(\(flag))"
        case .blob(let bytes): ".blob(\(bytes))"
        case .date(let date): ".date(Date(timeIntervalSince1970: \(date.timeIntervalSince1970)))"
        case .uuid(let uuid): ".uuid(UUID(uuidString: \(string(uuid.uuidString)))!)"
        case .decimal(let number): ".decimal(Decimal(string: \(string(number.description)))!)"
        case .json(let json): ".json(try! JSON(parsing: \(string(json.description))))"
        }
    }

    static func defaultValue(_ value: ColumnDefault) -> String {
        switch value {
        case .value(let value): ".value(\(self.value(value)))"
        case .currentTimestamp: ".currentTimestamp"
        case .expression(let sql): ".expression(\(string(sql)))"
        }
    }

    static func column(_ column: ColumnDefinition) -> String {
        var arguments = [string(column.name), "type: \(type(column.type))"]
        if column.isNullable { arguments.append("isNullable: true") }
        if column.isAutoIncrement { arguments.append("isAutoIncrement: true") }
        if let value = column.defaultValue { arguments.append("default: \(defaultValue(value))") }
        return "ColumnDefinition(" + arguments.joined(separator: ", ") + ")"
    }

    static func index(_ index: IndexDefinition) -> String {
        var arguments = [string(index.name), "columns: \(strings(index.columns))"]
        if index.isUnique { arguments.append("isUnique: true") }
        if let condition = index.condition { arguments.append("where: \(string(condition))") }
        if !index.options.isEmpty {
            var options: [String] = []
            if !index.options.descending.isEmpty { options.append("descending: \(strings(index.options.descending.sorted()))") }
            if !index.options.expressions.isEmpty { options.append("expressions: \(strings(index.options.expressions))") }
            if let method = index.options.method { options.append("method: .\(method.rawValue)") }
            if !index.options.include.isEmpty { options.append("include: \(strings(index.options.include))") }
            arguments.append("options: IndexOptions(" + options.joined(separator: ", ") + ")")
        }
        return "IndexDefinition(" + arguments.joined(separator: ", ") + ")"
    }

    static func foreignKey(_ key: ForeignKeyDefinition) -> String {
        "ForeignKeyDefinition(\(string(key.name)), columns: \(strings(key.columns)), references: "
            + "\(string(key.referencedTable)), \(strings(key.referencedColumns)), onDelete: \(action(key.onDelete)))"
    }

    static func action(_ action: ForeignKeyAction) -> String {
        switch action {
        case .cascade: ".cascade"
        case .setNull: ".setNull"
        case .restrict: ".restrict"
        case .noAction: ".noAction"
        }
    }

    static func check(_ check: CheckConstraint) -> String {
        "CheckConstraint(\(string(check.name)), \(string(check.expression)))"
    }

    static func table(_ table: TableDefinition, indent: String) -> String {
        var lines = ["TableDefinition(", "    \(string(table.name)),", "    columns: ["]
        lines += table.columns.map { "        \(column($0))," }
        lines.append("    ],")
        lines.append("    primaryKey: \(strings(table.primaryKey))" + (table.indexes.isEmpty && table.foreignKeys.isEmpty && table.checks.isEmpty ? "" : ","))
        var tail: [String] = []
        if !table.indexes.isEmpty {
            tail.append("    indexes: [\n" + table.indexes.map { "        \(index($0))," }.joined(separator: "\n") + "\n    ]")
        }
        if !table.foreignKeys.isEmpty {
            tail.append(
                "    foreignKeys: [\n" + table.foreignKeys.map { "        \(foreignKey($0))," }.joined(separator: "\n")
                    + "\n    ]")
        }
        if !table.checks.isEmpty {
            tail.append("    checks: [\n" + table.checks.map { "        \(check($0))," }.joined(separator: "\n") + "\n    ]")
        }
        lines += tail.joined(separator: ",\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append(")")
        return lines.enumerated().map { $0.offset == 0 ? $0.element : indent + $0.element }.joined(separator: "\n")
    }

    static func operation(_ operation: MigrationOperation, indent: String) -> String {
        switch operation {
        case .createTable(let definition): ".createTable(\(table(definition, indent: indent)))"
        case .dropTable(let name): ".dropTable(\(string(name)))"
        case .renameTable(let from, let to): ".renameTable(from: \(string(from)), to: \(string(to)))"
        case .addColumn(let table, let definition): ".addColumn(\(string(table)), \(column(definition)))"
        case .dropColumn(let table, let name): ".dropColumn(\(string(table)), column: \(string(name)))"
        case .renameColumn(let table, let from, let to):
            ".renameColumn(\(string(table)), from: \(string(from)), to: \(string(to)))"
        case .alterColumn(let table, let definition): ".alterColumn(\(string(table)), \(column(definition)))"
        case .alterPrimaryKey(let table, let columns): ".alterPrimaryKey(\(string(table)), columns: \(strings(columns)))"
        case .createIndex(let table, let definition): ".createIndex(\(string(table)), \(index(definition)))"
        case .dropIndex(let table, let name): ".dropIndex(\(string(table)), name: \(string(name)))"
        case .addForeignKey(let table, let key): ".addForeignKey(\(string(table)), \(foreignKey(key)))"
        case .dropForeignKey(let table, let name): ".dropForeignKey(\(string(table)), name: \(string(name)))"
        case .addCheck(let table, let definition): ".addCheck(\(string(table)), \(check(definition)))"
        case .dropCheck(let table, let name): ".dropCheck(\(string(table)), name: \(string(name)))"
        case .createSearchIndex(let table, let search):
            ".createSearchIndex(\(string(table)), SearchIndexDefinition(columns: \(strings(search.columns)), language: \(string(search.language))))"
        case .dropSearchIndex(let table): ".dropSearchIndex(\(string(table)))"
        case .createView(let view):
            view.sql.sqlite == view.sql.postgres
                ? ".createView(ViewDefinition(\(string(view.name)), sql: ViewSQL(\(string(view.sql.sqlite)))))"
                : ".createView(ViewDefinition(\(string(view.name)), sql: ViewSQL(sqlite: \(string(view.sql.sqlite)), postgres: \(string(view.sql.postgres)))))"
        case .dropView(let name): ".dropView(\(string(name)))"
        case .sql(let sqlite, let postgres):
            ".sql(sqlite: \(sqlite.map(string) ?? "nil"), postgres: \(postgres.map(string) ?? "nil"))"
        case .data(let label, _): "// data step \(string(label)): write it by hand"
        }
    }
}
