import Quarry

extension DatabaseSchema {
    /// Applies `operation` to this schema model (no database involved).
    ///
    /// - Throws: ``MigrationError/invalidOperation(_:)`` when the operation
    ///   does not fit the schema (a missing table or column, a duplicate name).
    public mutating func apply(_ operation: MigrationOperation) throws {
        switch operation {
        case .createTable(let table):
            guard tables[table.name] == nil else { throw MigrationError.invalidOperation("table \(table.name) exists") }
            tables[table.name] = table
        case .dropTable(let name):
            guard tables.removeValue(forKey: name) != nil else { throw Self.missingTable(name) }
        case .renameTable(let from, let to):
            guard var table = tables.removeValue(forKey: from) else { throw Self.missingTable(from) }
            guard tables[to] == nil else { throw MigrationError.invalidOperation("table \(to) exists") }
            table.name = to
            tables[to] = table
            for name in tables.keys {
                for index in tables[name]!.foreignKeys.indices where tables[name]!.foreignKeys[index].referencedTable == from {
                    tables[name]!.foreignKeys[index].referencedTable = to
                }
            }
        case .addColumn(let name, let column):
            try modify(name) { table in
                guard table.column(column.name) == nil else {
                    throw MigrationError.invalidOperation("\(name).\(column.name) exists")
                }
                table.columns.append(column)
            }
        case .dropColumn(let name, let column):
            try modify(name) { table in
                guard table.column(column) != nil else { throw Self.missingColumn(name, column) }
                table.columns.removeAll { $0.name == column }
                table.indexes.removeAll { $0.columns.contains(column) }
                table.foreignKeys.removeAll { $0.columns.contains(column) }
            }
        case .renameColumn(let name, let from, let to):
            try modify(name) { table in
                guard let index = table.columns.firstIndex(where: { $0.name == from }) else {
                    throw Self.missingColumn(name, from)
                }
                guard table.column(to) == nil else { throw MigrationError.invalidOperation("\(name).\(to) exists") }
                table.columns[index].name = to
                let rename = { (columns: [String]) in columns.map { $0 == from ? to : $0 } }
                table.primaryKey = rename(table.primaryKey)
                for index in table.indexes.indices { table.indexes[index].columns = rename(table.indexes[index].columns) }
                for index in table.foreignKeys.indices {
                    table.foreignKeys[index].columns = rename(table.foreignKeys[index].columns)
                }
            }
            for other in tables.keys {
                for index in tables[other]!.foreignKeys.indices where tables[other]!.foreignKeys[index].referencedTable == name {
                    tables[other]!.foreignKeys[index].referencedColumns =
                        tables[other]!.foreignKeys[index].referencedColumns.map { $0 == from ? to : $0 }
                }
            }
        case .alterColumn(let name, let column):
            try modify(name) { table in
                guard let index = table.columns.firstIndex(where: { $0.name == column.name }) else {
                    throw Self.missingColumn(name, column.name)
                }
                table.columns[index] = column
            }
        case .createIndex(let name, let index):
            try modify(name) { table in
                guard !table.indexes.contains(where: { $0.name == index.name }) else {
                    throw MigrationError.invalidOperation("index \(index.name) exists")
                }
                table.indexes.append(index)
            }
        case .dropIndex(let name, let index):
            try modify(name) { table in
                guard table.indexes.contains(where: { $0.name == index }) else {
                    throw MigrationError.invalidOperation("\(name) has no index \(index)")
                }
                table.indexes.removeAll { $0.name == index }
            }
        case .addForeignKey(let name, let key):
            try modify(name) { $0.foreignKeys.append(key) }
        case .dropForeignKey(let name, let key):
            try modify(name) { table in
                guard table.foreignKeys.contains(where: { $0.name == key }) else {
                    throw MigrationError.invalidOperation("\(name) has no foreign key \(key)")
                }
                table.foreignKeys.removeAll { $0.name == key }
            }
        case .addCheck(let name, let check):
            try modify(name) { $0.checks.append(check) }
        case .dropCheck(let name, let check):
            try modify(name) { table in
                guard table.checks.contains(where: { $0.name == check }) else {
                    throw MigrationError.invalidOperation("\(name) has no check \(check)")
                }
                table.checks.removeAll { $0.name == check }
            }
        case .alterPrimaryKey(let name, let columns):
            try modify(name) { table in
                for column in columns where table.column(column) == nil { throw Self.missingColumn(name, column) }
                table.primaryKey = columns
                for index in table.columns.indices where columns.contains(table.columns[index].name) {
                    table.columns[index].isNullable = false
                }
            }
        case .createSearchIndex(let name, let search):
            try modify(name) { $0.search = search }
        case .dropSearchIndex(let name):
            try modify(name) { $0.search = nil }
        case .createView(let view):
            guard views[view.name] == nil, tables[view.name] == nil else {
                throw MigrationError.invalidOperation("\(view.name) exists")
            }
            views[view.name] = view
        case .dropView(let name):
            guard views.removeValue(forKey: name) != nil else { throw MigrationError.invalidOperation("no view \(name)") }
        case .sql, .data:
            break
        }
    }

    private mutating func modify(_ name: String, _ change: (inout TableDefinition) throws -> Void) throws {
        guard var table = tables[name] else { throw Self.missingTable(name) }
        try change(&table)
        tables[name] = table
    }

    private static func missingTable(_ name: String) -> MigrationError {
        .invalidOperation("no table \(name)")
    }

    private static func missingColumn(_ table: String, _ column: String) -> MigrationError {
        .invalidOperation("no column \(table).\(column)")
    }
}
