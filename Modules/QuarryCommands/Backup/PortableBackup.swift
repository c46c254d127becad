import Foundation
import Quarry
import QuarryMigrations

/// A database's rows in a portable file — JSON Lines: a header naming each
/// table, its columns and their types, then one line per row with values in
/// a database-neutral form (dates ISO 8601 to the microsecond, UUIDs and
/// decimals as text, blobs in base64, booleans as booleans, JSON as JSON).
/// So a backup taken from PostgreSQL restores into SQLite and back.
///
/// Restoring needs the schema in place (run the migrations first): rows go
/// into empty tables, parents before children, in one transaction, and
/// PostgreSQL's sequences are moved past the restored keys. The migration
/// history table is not part of a backup.
///
/// `pg_dump` is the better tool to copy one PostgreSQL database to another:
/// it keeps what this format does not (functions, triggers, extensions,
/// permissions, exact types) and is faster on large databases. This format
/// is for moving data between engines, for fixtures and for small apps.
///
/// ```swift
/// let written = try await PortableBackup.write(from: postgres, to: URL(fileURLWithPath: "app.quarry.jsonl"))
/// let restored = try await PortableBackup.restore(from: URL(fileURLWithPath: "app.quarry.jsonl"), into: sqlite)
/// ```
public enum PortableBackup {
    static let format = "quarry-backup"
    static let version = 1
    static let skippedTables: Set<String> = ["quarry_migrations"]

    /// Row counts by table.
    public typealias Counts = [(table: String, rows: Int)]

    /// Writes every table's rows (primary-key order) to `file`.
    ///
    /// - Parameters:
    ///   - db: the database to read.
    ///   - file: where the backup goes (replaced if it exists).
    ///   - models: the app's models, whose column types name what SQLite
    ///     stores as plain text or blobs (a UUID, a date, JSON); without
    ///     them those columns are written as SQLite declares them.
    ///   - progress: called with (rows written, rows in all).
    @discardableResult
    public static func write(
        from db: Database, to file: URL, models: [any Model.Type] = [], progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Counts {
        let schema = try await SchemaIntrospector.read(db)
        var tables = order(schema).filter { !skippedTables.contains($0.name) }
        let modelTypes = Dictionary(models.map { ($0.schema.name, $0.schema.columns) }, uniquingKeysWith: { first, _ in first })
        for index in tables.indices {
            guard let declared = modelTypes[tables[index].name] else { continue }
            for column in tables[index].columns.indices {
                if let model = declared.first(where: { $0.name == tables[index].columns[column].name }) {
                    tables[index].columns[column].type = model.type
                }
            }
        }
        var totals: [String: Int] = [:]
        for table in tables { totals[table.name] = try await count(table.name, db) }
        let total = totals.values.reduce(0, +)
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
            throw QuarryError.invalidArgument(name: "FILE", reason: "\(file.path) cannot be written")
        }
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header: JSON = .object([
            "format": .string(format), "version": .int(Int64(version)), "dialect": .string(db.dialect.name),
            "tables": .array(tables.map { table in
                .object(["name": .string(table.name), "rows": .int(Int64(totals[table.name] ?? 0)),
                         "columns": .array(table.columns.map { .object(["name": .string($0.name), "type": .string(PortableValue.name($0.type))]) })])
            }),
        ])
        try handle.write(contentsOf: encoder.encode(header) + Data("\n".utf8))
        var written = 0
        var counts: Counts = []
        for table in tables {
            let columns = SQL.join(table.columns.map { column -> SQL in "\(identifier: column.name)" }, separator: ", ")
            let order = table.primaryKey.isEmpty ? columns : SQL.join(table.primaryKey.map { column -> SQL in "\(identifier: column)" }, separator: ", ")
            // Pages of 1,000 rows, so memory stays flat on large tables: after
            // the last key seen when the key is one column, else by offset.
            let keyIndex = table.primaryKey.count == 1 ? table.columns.firstIndex { $0.name == table.primaryKey[0] } : nil
            var last: SQLValue?
            var rows = 0
            var offset = 0
            while true {
                let select: SQL = "SELECT " + columns + " FROM \(identifier: table.name)"
                let page: [Row]
                if let keyIndex {
                    let after: SQL = last.map { " WHERE \(identifier: table.columns[keyIndex].name) > \($0)" } ?? ""
                    page = try await db.fetchAll(select + after + " ORDER BY " + order + " LIMIT 1000")
                    last = page.last?.values[keyIndex]
                } else {
                    page = try await db.fetchAll(select + " ORDER BY " + order + " LIMIT 1000 OFFSET \(Int64(offset))")
                }
                for row in page {
                    let values = zip(row.values, table.columns).map { PortableValue.encode($0, as: $1.type) }
                    try handle.write(contentsOf: encoder.encode(JSON.object(["t": .string(table.name), "v": .array(values)])) + Data("\n".utf8))
                }
                rows += page.count
                written += page.count
                progress?(written, total)
                if page.count < 1000 { break }
                offset += 1000
            }
            counts.append((table.name, rows))
        }
        return counts
    }

    /// Restores `file` into the database's (empty) tables, in one transaction.
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` naming the
    ///   file and line for a malformed file, a table or column the database
    ///   lacks, or a table that holds rows already; nothing is written then.
    @discardableResult
    public static func restore(from file: URL, into db: Database, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Counts {
        let name = file.lastPathComponent
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw QuarryError.invalidArgument(name: "FILE", reason: "\(file.path) cannot be read")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        let decoder = JSONDecoder()
        func bad(_ line: Int, _ reason: String) -> QuarryError { .invalidArgument(name: "FILE", reason: "\(name):\(line): \(reason)") }
        guard let first = lines.next(), let header = try? decoder.decode(JSON.self, from: Data(first.utf8)),
              header["format"] == .string(format), header["version"] == .int(Int64(version)),
              case .array(let tableList) = header["tables"]
        else { throw bad(1, "not a Quarry backup (no \"\(format)\" version \(version) header)") }

        let schema = try await SchemaIntrospector.read(db)
        var columnsByTable: [String: [(name: String, type: ColumnType)]] = [:]
        var total = 0
        for entry in tableList {
            guard case .string(let table) = entry["name"], case .array(let columns) = entry["columns"] else { throw bad(1, "a table without a name or columns") }
            guard let target = schema.tables[table] else { throw bad(1, "the database has no table \(table): run the migrations first") }
            var typed: [(String, ColumnType)] = []
            for column in columns {
                guard case .string(let columnName) = column["name"] else { throw bad(1, "\(table): a column without a name") }
                guard let definition = target.columns.first(where: { $0.name == columnName }) else {
                    throw bad(1, "the database's \(table) has no column \(columnName)")
                }
                let source: String? = if case .string(let type) = column["type"] { type } else { nil }
                typed.append((columnName, PortableValue.readingType(source: source, target: definition.type)))
            }
            columnsByTable[table] = typed
            if case .int(let rows) = entry["rows"] { total += Int(rows) }
        }

        return try await db.transaction { tx in
            for table in columnsByTable.keys.sorted() where try await count(table, tx) > 0 {
                throw QuarryError.invalidArgument(name: "FILE", reason: "\(table) holds rows already: restore into empty tables (quarry db reset)")
            }
            var counts: [String: Int] = [:]
            var pending: [String: [[SQLValue]]] = [:]
            var order: [String] = []
            var done = 0
            func flush(_ table: String) async throws {
                guard let rows = pending[table], !rows.isEmpty, let columns = columnsByTable[table] else { return }
                let names = SQL.join(columns.map { column -> SQL in "\(identifier: column.name)" }, separator: ", ")
                let tuples = rows.map { row -> SQL in "(" + SQL.join(row.map { value -> SQL in "\(value)" }, separator: ", ") + ")" }
                _ = try await tx.execute("INSERT INTO \(identifier: table) (" + names + ") VALUES " + SQL.join(tuples, separator: ", "))
                done += rows.count
                progress?(done, total)
                pending[table] = []
            }
            var lineNumber = 1
            while let line = lines.next() {
                lineNumber += 1
                guard let record = try? decoder.decode(JSON.self, from: Data(line.utf8)), case .string(let table) = record["t"],
                      case .array(let values) = record["v"]
                else { throw bad(lineNumber, "not a row record") }
                guard let columns = columnsByTable[table] else { throw bad(lineNumber, "a row of \(table), which the header does not list") }
                guard values.count == columns.count else { throw bad(lineNumber, "\(values.count) values for \(columns.count) columns of \(table)") }
                var row: [SQLValue] = []
                for (value, column) in zip(values, columns) {
                    guard let decoded = PortableValue.decode(value, as: column.type) else {
                        throw bad(lineNumber, "\(table).\(column.name): \(value) is not a \(column.type)")
                    }
                    row.append(decoded)
                }
                if counts[table] == nil { order.append(table) }
                counts[table, default: 0] += 1
                if let previous = order.dropLast().last, previous != table { try await flush(previous) }
                pending[table, default: []].append(row)
                // Bounded statements: at most 200 rows (and 32,767 binds on SQLite) each.
                if pending[table]!.count * max(1, columns.count) >= 30_000 || pending[table]!.count >= 200 { try await flush(table) }
            }
            for table in order { try await flush(table) }
            if tx.dialect.name == "postgres" {
                for table in order { try await resetSequences(table, columns: schema.tables[table]?.columns ?? [], tx) }
            }
            return order.map { ($0, counts[$0] ?? 0) }
        }
    }

    /// Tables with every table a foreign key references before it.
    static func order(_ schema: DatabaseSchema) -> [TableDefinition] {
        var ordered: [TableDefinition] = []
        var state: [String: Bool] = [:]
        func visit(_ name: String) {
            guard state[name] == nil, let table = schema.tables[name] else { return }
            state[name] = false
            for reference in table.foreignKeys where reference.referencedTable != name { visit(reference.referencedTable) }
            state[name] = true
            ordered.append(table)
        }
        for name in schema.tableNames { visit(name) }
        return ordered
    }

    private static func count(_ table: String, _ db: some QueryExecutor) async throws -> Int {
        let row = try await db.fetchAll("SELECT COUNT(*) FROM \(identifier: table)").first
        if case .int(let count) = row?.values.first { return Int(count) }
        return 0
    }

    private static func resetSequences(_ table: String, columns: [ColumnDefinition], _ tx: Transaction) async throws {
        for column in columns where column.isAutoIncrement {
            _ = try await tx.fetchAll("""
                SELECT setval(pg_get_serial_sequence(\(table), \(column.name)), COALESCE(MAX(\(identifier: column.name)), 1), MAX(\(identifier: column.name)) IS NOT NULL) FROM \(identifier: table)
                """)
        }
    }
}
