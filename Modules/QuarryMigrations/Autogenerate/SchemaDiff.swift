import Quarry

/// A rename the differ cannot guess safely: say it, and it becomes a
/// rename instead of a drop and an add.
///
/// ```swift
/// SchemaDiff(from: built, to: wanted, renames: [.column(table: "authors", from: "bio", to: "about")])
/// ```
public enum SchemaRename: Sendable, Hashable {
    case table(from: String, to: String)
    case column(table: String, from: String, to: String)
}

/// One generated operation and the comment a person should read beside it.
public struct PlannedOperation: Sendable {
    public let operation: MigrationOperation
    public let comment: String?
}

/// The operations that turn one schema into another (autogenerate): what
/// the models declare compared with what the migrations built.
///
/// Tables and columns that disappear are dropped with a comment that data
/// is lost, and a removed column beside an added one of the same type is
/// pointed out as a likely rename; renames named in `renames` become
/// renames.
///
/// ```swift
/// let diff = try SchemaDiff(from: DatabaseSchema(replaying: migrations), to: DatabaseSchema(models: models))
/// let migration = Migration("0004_add_karma", up: diff.up.map(\.operation), down: diff.down.map(\.operation))
/// ```
public struct SchemaDiff: Sendable {
    public private(set) var up: [PlannedOperation] = []
    public private(set) var down: [PlannedOperation] = []
    /// Changes no operation expresses (a key change that adds or removes
    /// auto-increment), to do by hand.
    public private(set) var notes: [String] = []
    /// Removed columns beside added ones of the same type and nullability:
    /// likely renames, to confirm (the CLI asks) and pass back as `renames`.
    public private(set) var renameCandidates: [SchemaRename] = []

    public var isEmpty: Bool { up.isEmpty && notes.isEmpty }

    public init(from old: DatabaseSchema, to new: DatabaseSchema, renames: [SchemaRename] = []) throws {
        let before = old
        var old = old
        var undo: [PlannedOperation] = []
        // Views are dropped first and created last. When any table changes,
        // every view is: a view pins the columns it reads (PostgreSQL refuses
        // to alter them, SQLite's table rebuild breaks the view).
        var tablesChange = false
        if !old.views.isEmpty || !new.views.isEmpty {
            var tablesOld = old, tablesNew = new
            tablesOld.views = [:]
            tablesNew.views = [:]
            tablesChange = !(try SchemaDiff(from: tablesOld, to: tablesNew, renames: renames).up.isEmpty)
        }
        for name in before.viewNames.reversed() where tablesChange || new.views[name] != before.views[name] {
            try plan(.dropView(name), undo: .createView(before.views[name]!), on: &old, &undo)
        }
        // Renames first, so the rest compares like with like.
        for rename in renames {
            switch rename {
            case .table(let from, let to):
                try plan(.renameTable(from: from, to: to), undo: .renameTable(from: to, to: from), on: &old, &undo)
            case .column(let table, let from, let to):
                try plan(
                    .renameColumn(table, from: from, to: to), undo: .renameColumn(table, from: to, to: from), on: &old,
                    &undo)
            }
        }
        let added = new.tableNames.filter { old.tables[$0] == nil }
        for name in Self.dependencyOrder(added.compactMap { new.tables[$0] }) {
            var table = new.tables[name]!
            let search = table.search
            table.search = nil
            try plan(.createTable(table), undo: .dropTable(name), on: &old, &undo)
            if let search { try plan(.createSearchIndex(name, search), undo: .dropSearchIndex(name), on: &old, &undo) }
        }
        for name in new.tableNames where !added.contains(name) {
            try compare(old.tables[name]!, new.tables[name]!, on: &old, &undo)
        }
        let removed = old.tableNames.filter { new.tables[$0] == nil }
        for name in Self.dependencyOrder(removed.compactMap { old.tables[$0] }).reversed() {
            let table = old.tables[name]!
            try plan(
                .dropTable(name), undo: .createTable(table), on: &old, &undo,
                comment: "drops table \(name) and its rows: if it was renamed, use .renameTable instead")
        }
        for name in new.viewNames where tablesChange || before.views[name] != new.views[name] {
            try plan(.createView(new.views[name]!), undo: .dropView(name), on: &old, &undo)
        }
        down = undo.reversed()
    }

    private mutating func plan(
        _ operation: MigrationOperation, undo: MigrationOperation, on schema: inout DatabaseSchema,
        _ undoList: inout [PlannedOperation], comment: String? = nil
    ) throws {
        try schema.apply(operation)
        up.append(PlannedOperation(operation: operation, comment: comment))
        undoList.append(PlannedOperation(operation: undo, comment: nil))
    }

    private mutating func compare(
        _ old: TableDefinition, _ new: TableDefinition, on schema: inout DatabaseSchema, _ undo: inout [PlannedOperation]
    ) throws {
        let name = new.name
        let keyChanges = old.primaryKey != new.primaryKey
        let autoIncrement = { (table: TableDefinition) in table.columns.filter(\.isAutoIncrement).map(\.name) }
        if keyChanges && autoIncrement(old) != autoIncrement(new) {
            notes.append(
                "the primary key of \(name) changes from \(old.primaryKey) to \(new.primaryKey) and with it an "
                    + "auto-increment column: write that step by hand")
        }
        let planKey = keyChanges && autoIncrement(old) == autoIncrement(new)
        // Indexes and keys over columns that go away are dropped first.
        for index in old.indexes where !new.indexes.contains(index) {
            try plan(.dropIndex(name, name: index.name), undo: .createIndex(name, index), on: &schema, &undo)
        }
        for key in old.foreignKeys where !new.foreignKeys.contains(key) {
            try plan(.dropForeignKey(name, name: key.name), undo: .addForeignKey(name, key), on: &schema, &undo)
        }
        for check in old.checks where !new.checks.contains(check) {
            try plan(.dropCheck(name, name: check.name), undo: .addCheck(name, check), on: &schema, &undo)
        }
        let addedColumns = new.columns.filter { old.column($0.name) == nil }
        let removedColumns = old.columns.filter { new.column($0.name) == nil }
        for column in addedColumns {
            let twin = removedColumns.first { $0.type == column.type && $0.isNullable == column.isNullable }
            if let twin { renameCandidates.append(.column(table: name, from: twin.name, to: column.name)) }
            let comment = twin.map {
                "\(name).\($0.name) is dropped below and \(column.name) added here: if it is a rename, "
                    + "replace both with .renameColumn(\"\(name)\", from: \"\($0.name)\", to: \"\(column.name)\")"
            }
            try plan(.addColumn(name, column), undo: .dropColumn(name, column: column.name), on: &schema, &undo, comment: comment)
        }
        for column in new.columns {
            guard let before = old.column(column.name), before != column else { continue }
            try plan(.alterColumn(name, column), undo: .alterColumn(name, before), on: &schema, &undo)
        }
        // After the columns it names exist (and are NOT NULL), before the
        // columns it no longer names go.
        if planKey {
            try plan(
                .alterPrimaryKey(name, columns: new.primaryKey), undo: .alterPrimaryKey(name, columns: old.primaryKey),
                on: &schema, &undo)
        }
        for column in removedColumns {
            try plan(
                .dropColumn(name, column: column.name), undo: .addColumn(name, column), on: &schema, &undo,
                comment: "drops \(name).\(column.name) and its data")
        }
        for index in new.indexes where !old.indexes.contains(index) {
            try plan(.createIndex(name, index), undo: .dropIndex(name, name: index.name), on: &schema, &undo)
        }
        for key in new.foreignKeys where !old.foreignKeys.contains(key) {
            try plan(.addForeignKey(name, key), undo: .dropForeignKey(name, name: key.name), on: &schema, &undo)
        }
        for check in new.checks where !old.checks.contains(check) {
            try plan(.addCheck(name, check), undo: .dropCheck(name, name: check.name), on: &schema, &undo)
        }
        if old.search != new.search {
            if let search = old.search {
                try plan(.dropSearchIndex(name), undo: .createSearchIndex(name, search), on: &schema, &undo)
            }
            if let search = new.search {
                try plan(.createSearchIndex(name, search), undo: .dropSearchIndex(name), on: &schema, &undo)
            }
        }
    }

    /// Table names with referenced tables before the tables referring to them.
    static func dependencyOrder(_ tables: [TableDefinition]) -> [String] {
        let names = Set(tables.map(\.name))
        var ordered: [String] = []
        var visiting = Set<String>()
        let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        func visit(_ name: String) {
            guard !ordered.contains(name), visiting.insert(name).inserted, let table = byName[name] else { return }
            for key in table.foreignKeys where names.contains(key.referencedTable) && key.referencedTable != name {
                visit(key.referencedTable)
            }
            ordered.append(name)
        }
        for name in tables.map(\.name).sorted() { visit(name) }
        return ordered
    }
}
