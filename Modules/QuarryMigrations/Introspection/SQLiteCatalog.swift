import Foundation
import Quarry

/// SQLite introspection: `sqlite_master` for tables, index conditions,
/// checks and auto-increment; `pragma_table_info`, `pragma_index_list`,
/// `pragma_index_info` and `pragma_foreign_key_list` for the rest. Column
/// types come back from their declared names (``columnType(declared:)``:
/// `TIMESTAMP` → `.date`, `BOOLEAN` → `.bool`, …), a bounded text's length
/// from its `CHECK (length(…) <= n)` or a `VARCHAR(n)`.
enum SQLiteCatalog {
    static func read(_ db: some QueryExecutor) async throws -> DatabaseSchema {
        let tables = try await db.fetchAll("""
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
            AND name <> \(AppliedMigration.schema.name) ORDER BY name
            """)
        // Virtual tables (full-text search's FTS5) and their shadow tables
        // belong to the search index, not to the models.
        let virtual = tables.compactMap { row -> String? in
            guard case .text(let name) = row.values[0], case .text(let sql) = row.values[1],
                sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE")
            else { return nil }
            return name
        }
        var definitions: [TableDefinition] = []
        for table in tables {
            guard case .text(let name) = table.values[0], case .text(let sql) = table.values[1] else { continue }
            if virtual.contains(where: { name == $0 || name.hasPrefix($0 + "_") }) { continue }
            definitions.append(try await read(name, sql: sql, db))
        }
        // A view's text is its whole CREATE VIEW statement, as SQLite keeps it.
        let views = try await db.fetchAll("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
            .compactMap { row -> ViewDefinition? in
                guard case .text(let name) = row.values[0], case .text(let sql) = row.values[1] else { return nil }
                return ViewDefinition(name, sql: ViewSQL(sql))
            }
        return DatabaseSchema(tables: definitions, views: views)
    }

    private static func read(_ name: String, sql: String, _ db: some QueryExecutor) async throws -> TableDefinition {
        let autoIncrement = sql.uppercased().contains("AUTOINCREMENT")
        let lengths = lengthChecks(sql)
        var columns: [ColumnDefinition] = []
        var keyed: [(Int, String)] = []
        for row in try await db.fetchAll("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(\(name))") {
            let column = text(row.values[0])
            let primaryKeyOrder = int(row.values[4])
            var type = columnType(declared: text(row.values[1]))
            if case .text = type, let length = lengths[column] { type = .text(maxLength: length) }
            if primaryKeyOrder > 0 { keyed.append((primaryKeyOrder, column)) }
            let defaultValue: ColumnDefault? = {
                guard case .text(let expression) = row.values[3] else { return nil }
                return .expression(expression)
            }()
            columns.append(ColumnDefinition(
                column, type: type, isNullable: int(row.values[2]) == 0 && primaryKeyOrder == 0,
                isAutoIncrement: autoIncrement && primaryKeyOrder > 0, default: defaultValue))
        }
        var indexes: [IndexDefinition] = []
        for row in try await db.fetchAll("SELECT name, \"unique\", origin, partial FROM pragma_index_list(\(name))") {
            let index = text(row.values[0])
            guard text(row.values[2]) != "pk" else { continue }
            // Expression parts have no name: only the columns are read back.
            let indexColumns = try await db.fetchValues(
                String.self, "SELECT name FROM pragma_index_info(\(index)) WHERE name IS NOT NULL ORDER BY seqno")
            var condition: String?
            if int(row.values[3]) == 1,
                let definition = try await db.fetchValue(
                    String.self, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = \(index)"),
                let range = definition.range(of: " WHERE ", options: [.caseInsensitive, .backwards])
            {
                condition = String(definition[range.upperBound...])
            }
            indexes.append(IndexDefinition(index, columns: indexColumns, isUnique: int(row.values[1]) == 1, where: condition))
        }
        var keys: [Int: ForeignKeyDefinition] = [:]
        let names = constraintNames(sql, kind: "FOREIGN KEY")
        for row in try await db.fetchAll("SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(\(name)) ORDER BY id, seq") {
            let id = int(row.values[0])
            let action = ForeignKeyAction(rawValue: text(row.values[4]).uppercased()) ?? .noAction
            var key = keys[id] ?? ForeignKeyDefinition(
                "", columns: [], references: text(row.values[1]), [], onDelete: action)
            key.columns.append(text(row.values[2]))
            key.referencedColumns.append(text(row.values[3]))
            keys[id] = key
        }
        // pragma_foreign_key_list numbers keys from the last declared.
        let foreignKeys = keys.keys.sorted(by: >).enumerated().map { offset, id in
            var key = keys[id]!
            key.name = offset < names.count ? names[offset] : GeneratedName.make("fk", table: name, key.columns)
            return key
        }
        return TableDefinition(
            name, columns: columns, primaryKey: keyed.sorted { $0.0 < $1.0 }.map(\.1), indexes: indexes,
            foreignKeys: foreignKeys, checks: checks(sql))
    }

    /// The kind of a column declared `declared`: the names
    /// ``SQLiteDialect/columnTypeSQL(_:)`` writes and their common
    /// spellings (`DATETIME`, `BOOL`, `DOUBLE`, `VARCHAR(n)`, `NUMERIC`,
    /// `JSONB`), then SQLite's affinity rules for any other name (`INT` in
    /// it: a 64-bit integer, whatever the declared width; `CHAR`, `CLOB` or
    /// `TEXT`: text; `BLOB`: bytes;
    /// `REAL`, `FLOA` or `DOUB`: a double; otherwise a decimal). A column
    /// declared with no type holds anything and reads as text.
    ///
    /// ```swift
    /// SQLiteCatalog.columnType(declared: "TIMESTAMP")      // .date
    /// SQLiteCatalog.columnType(declared: "varchar(40)")    // .text(maxLength: 40)
    /// ```
    static func columnType(declared: String) -> ColumnType {
        let name = declared.uppercased().trimmingCharacters(in: .whitespaces)
        let words = name.split(whereSeparator: { $0 == " " || $0 == "(" }).map(String.init)
        switch words.first ?? "" {
        case "BOOLEAN", "BOOL": return .bool
        case "REAL", "DOUBLE": return .double
        case "FLOAT", "FLOAT4": return .float
        case "TEXT", "CLOB": return .text(maxLength: nil)
        case "VARCHAR", "CHARACTER", "NVARCHAR", "NCHAR", "CHAR":
            let digits = name.drop { $0 != "(" }.dropFirst().prefix { $0.isNumber }
            return .text(maxLength: Int(digits))
        case "BLOB", "BYTEA": return .blob
        case "TIMESTAMP", "DATETIME", "TIMESTAMPTZ", "DATE": return .date
        case "UUID": return .uuid
        case "DECIMAL", "NUMERIC": return .decimal
        case "JSON", "JSONB": return .json
        case "": return .text(maxLength: nil)
        default: break
        }
        // INTEGER, INT, SMALLINT, BIGINT …: SQLite's integers are all 64-bit.
        if name.contains("INT") { return .int64 }
        if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") { return .text(maxLength: nil) }
        if name.contains("BLOB") { return .blob }
        if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") { return .double }
        return .decimal
    }

    /// `CHECK (length("col") <= n)` clauses: each bounded text column's length.
    static func lengthChecks(_ sql: String) -> [String: Int] {
        var lengths: [String: Int] = [:]
        var rest = Substring(sql)
        while let start = rest.range(of: "CHECK (length(\"") {
            rest = rest[start.upperBound...]
            guard let quote = rest.firstIndex(of: "\"") else { break }
            let column = String(rest[..<quote]).replacingOccurrences(of: "\"\"", with: "\"")
            rest = rest[rest.index(after: quote)...]
            guard rest.hasPrefix(") <= ") else { continue }
            let digits = rest.dropFirst(5).prefix { $0.isNumber }
            if let length = Int(digits) { lengths[column] = length }
        }
        return lengths
    }

    /// Names of `CONSTRAINT "name" <kind>` clauses, in declaration order.
    static func constraintNames(_ sql: String, kind: String) -> [String] {
        var names: [String] = []
        var rest = Substring(sql)
        while let start = rest.range(of: "CONSTRAINT \"") {
            rest = rest[start.upperBound...]
            guard let quote = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<quote])
            rest = rest[rest.index(after: quote)...]
            if rest.hasPrefix(" " + kind) { names.append(name) }
        }
        return names
    }

    /// Named `CONSTRAINT "name" CHECK (…)` clauses, with balanced parentheses.
    static func checks(_ sql: String) -> [CheckConstraint] {
        var checks: [CheckConstraint] = []
        var rest = Substring(sql)
        while let start = rest.range(of: "CONSTRAINT \"") {
            rest = rest[start.upperBound...]
            guard let quote = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<quote])
            rest = rest[rest.index(after: quote)...]
            guard rest.hasPrefix(" CHECK (") else { continue }
            rest = rest.dropFirst(8)
            var depth = 1
            var end = rest.startIndex
            while end < rest.endIndex, depth > 0 {
                if rest[end] == "(" { depth += 1 }
                if rest[end] == ")" { depth -= 1 }
                if depth > 0 { end = rest.index(after: end) }
            }
            checks.append(CheckConstraint(name, String(rest[..<end])))
            rest = rest[end...]
        }
        return checks
    }

    private static func text(_ value: SQLValue) -> String {
        if case .text(let text) = value { return text }
        return ""
    }

    private static func int(_ value: SQLValue) -> Int {
        if case .int(let number) = value { return Int(number) }
        return 0
    }
}
