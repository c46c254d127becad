import Quarry

/// PostgreSQL introspection of the current schema through `pg_catalog`.
enum PostgresCatalog {
    static func read(_ db: some QueryExecutor) async throws -> DatabaseSchema {
        let history = AppliedMigration.schema.name
        let columnRows = try await db.fetchAll("""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
            pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '' \
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum \
            WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname <> \(history) \
            ORDER BY c.relname, a.attnum
            """)
        var tables: [String: TableDefinition] = [:]
        var order: [String] = []
        for row in columnRows {
            let table = text(row.values[0])
            if tables[table] == nil {
                tables[table] = TableDefinition(table, columns: [], primaryKey: [])
                order.append(table)
            }
            let isIdentity = bool(row.values[5])
            let defaultValue: ColumnDefault? = {
                guard case .text(let expression) = row.values[4] else { return nil }
                return .expression(expression)
            }()
            tables[table]!.columns.append(ColumnDefinition(
                text(row.values[1]), type: columnType(text(row.values[2])), isNullable: !bool(row.values[3]),
                isAutoIncrement: isIdentity, default: defaultValue))
        }
        let indexRows = try await db.fetchAll("""
            SELECT t.relname, i.relname, x.indisunique, x.indisprimary, pg_get_expr(x.indpred, x.indrelid), \
            array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',') \
            FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() \
            ORDER BY t.relname, i.relname
            """)
        for row in indexRows {
            let table = text(row.values[0])
            // Full-text search's own index (`fts_<table>`) belongs to the search setup.
            guard tables[table] != nil, text(row.values[1]) != "fts_\(table)" else { continue }
            let columns = text(row.values[5]).split(separator: ",").map(String.init)
            if bool(row.values[3]) {
                tables[table]!.primaryKey = columns
                continue
            }
            let condition: String? = { if case .text(let sql) = row.values[4] { return sql } else { return nil } }()
            tables[table]!.indexes.append(
                IndexDefinition(text(row.values[1]), columns: columns, isUnique: bool(row.values[2]), where: condition))
        }
        let constraintRows = try await db.fetchAll("""
            SELECT t.relname, c.conname, c.contype, r.relname, c.confdeltype, pg_get_constraintdef(c.oid), \
            array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord), ','), \
            array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord) \
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord), ',') \
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid \
            JOIN pg_namespace n ON n.oid = t.relnamespace \
            WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c') ORDER BY t.relname, c.conname
            """)
        for row in constraintRows {
            let table = text(row.values[0])
            guard tables[table] != nil else { continue }
            let name = text(row.values[1])
            if text(row.values[2]) == "f" {
                let action: ForeignKeyAction = switch text(row.values[4]) {
                case "c": .cascade
                case "n": .setNull
                case "r": .restrict
                default: .noAction
                }
                tables[table]!.foreignKeys.append(ForeignKeyDefinition(
                    name, columns: text(row.values[6]).split(separator: ",").map(String.init),
                    references: text(row.values[3]), text(row.values[7]).split(separator: ",").map(String.init),
                    onDelete: action))
            } else {
                var definition = text(row.values[5])
                if definition.hasPrefix("CHECK (") && definition.hasSuffix(")") {
                    definition = String(definition.dropFirst(7).dropLast())
                }
                tables[table]!.checks.append(CheckConstraint(name, definition))
            }
        }
        let views = try await db.fetchAll(
            "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() ORDER BY viewname"
        ).map { row in ViewDefinition(text(row.values[0]), sql: ViewSQL(text(row.values[1]))) }
        return DatabaseSchema(tables: order.compactMap { tables[$0] }, views: views)
    }

    /// `format_type` text → the column type that creates it.
    static func columnType(_ formatted: String) -> ColumnType {
        if formatted.hasPrefix("character varying(") {
            return .text(maxLength: Int(formatted.dropFirst(18).dropLast()))
        }
        switch formatted {
        case "bigint": return .int64
        case "integer": return .int32
        case "smallint": return .int16
        case "double precision": return .double
        case "real": return .float
        case "boolean": return .bool
        case "bytea": return .blob
        case "timestamp with time zone": return .date
        case "uuid": return .uuid
        case "numeric": return .decimal
        case "jsonb", "json": return .json
        default: return .text(maxLength: nil)
        }
    }

    private static func text(_ value: SQLValue) -> String {
        if case .text(let text) = value { return text }
        return ""
    }

    private static func bool(_ value: SQLValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .int(let number): number != 0
        default: false
        }
    }
}
