import Quarry

/// A table as migrations see it: columns in order, the primary key,
/// indexes (unique ones included), foreign keys and checks.
///
/// ```swift
/// let authors = TableDefinition(
///     "authors",
///     columns: [
///         ColumnDefinition("id", type: .int64, isAutoIncrement: true),
///         ColumnDefinition("email", type: .text(maxLength: 120)),
///     ],
///     primaryKey: ["id"],
///     indexes: [IndexDefinition("uq_authors_email", columns: ["email"], isUnique: true)])
/// let fromModel = TableDefinition(model: Author.self)
/// ```
public struct TableDefinition: Sendable, Hashable {
    public var name: String
    public var columns: [ColumnDefinition]
    public var primaryKey: [String]
    public var indexes: [IndexDefinition]
    public var foreignKeys: [ForeignKeyDefinition]
    public var checks: [CheckConstraint]
    /// The full-text search index over these columns, if the table is searchable.
    public var search: SearchIndexDefinition?

    public init(
        _ name: String, columns: [ColumnDefinition], primaryKey: [String], indexes: [IndexDefinition] = [],
        foreignKeys: [ForeignKeyDefinition] = [], checks: [CheckConstraint] = []
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.foreignKeys = foreignKeys
        self.checks = checks
    }

    /// The table a model declares: `.unique` columns get a unique index
    /// `uq_<table>_<column>`, `.indexed` ones `ix_<table>_<column>`, and
    /// `.references` a foreign key `fk_<table>_<column>`; a `TableOptions`
    /// model's composite uniques, indexes, checks and foreign keys come along.
    public init(model: any Model.Type) {
        self.init(schema: model.schema)
        if let searchable = model as? any Searchable.Type {
            search = SearchIndexDefinition(columns: searchable.searchColumnNames, language: searchable.searchLanguage)
        }
        for constraint in model.namedConstraints {
            switch constraint.kind {
            case .unique(let columns):
                indexes.append(IndexDefinition(constraint.name, columns: columns, isUnique: true))
            case .index(let columns, let condition, let options):
                indexes.append(IndexDefinition(constraint.name, columns: columns, where: condition, options: options))
            case .check(let expression):
                checks.append(CheckConstraint(constraint.name, expression))
            case .foreignKey(let columns, let reference):
                let target = reference.model.schema
                foreignKeys.append(ForeignKeyDefinition(
                    constraint.name, columns: columns, references: target.name, target.primaryKeyNames,
                    onDelete: reference.onDelete))
            }
        }
    }

    /// The table of a kernel `TableSchema`.
    public init(schema: TableSchema) {
        name = schema.name
        columns = schema.columns.map {
            ColumnDefinition(
                $0.name, type: $0.type, isNullable: $0.isNullable && !$0.isPrimaryKey,
                isAutoIncrement: $0.isAutoIncrement, default: $0.defaultValue)
        }
        primaryKey = schema.columns.filter(\.isPrimaryKey).map(\.name)
        indexes = schema.columns.compactMap { column in
            if column.isPrimaryKey { return nil }
            if column.isUnique { return IndexDefinition(GeneratedName.make("uq", table: schema.name, [column.name]), columns: [column.name], isUnique: true) }
            if column.isIndexed { return IndexDefinition(GeneratedName.make("ix", table: schema.name, [column.name]), columns: [column.name]) }
            return nil
        }
        foreignKeys = schema.columns.compactMap { column in
            guard let reference = column.references else { return nil }
            let target = reference.model.schema
            return ForeignKeyDefinition(
                GeneratedName.make("fk", table: schema.name, [column.name]), columns: [column.name], references: target.name,
                target.columns.filter(\.isPrimaryKey).map(\.name), onDelete: reference.onDelete)
        }
        checks = []
    }

    /// The column named `name`.
    public func column(_ name: String) -> ColumnDefinition? {
        columns.first { $0.name == name }
    }
}
