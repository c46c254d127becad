/// A table-level declaration beside a model's columns: a unique constraint
/// over several columns, a `CHECK`, an index (composite, partial), or a
/// foreign key over several columns (to a composite primary key).
/// Names are generated deterministically (`uq_<table>_<columns>`,
/// `ix_<table>_<columns>`, `ck_<table>_<n>`, `fk_<table>_<columns>`, bounded
/// by `GeneratedName`) unless given.
///
/// ```swift
/// extension Enrollment: TableOptions {
///     static let constraints: [TableConstraint] = [
///         unique(\.studentID, \.courseID),
///         check("grade BETWEEN 0 AND 100"),
///         index(\.courseID, \.grade, where: "grade IS NOT NULL"),
///         foreignKey(\.studentID, \.term, references: Registration.self, onDelete: .cascade),
///     ]
/// }
/// ```
public struct TableConstraint: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case unique(columns: [String])
        case check(expression: String)
        case index(columns: [String], condition: String?, options: IndexOptions)
        /// The columns reference the primary key of `references.model`, in key order.
        case foreignKey(columns: [String], references: ForeignKey)
    }

    /// The name; `nil` until the table names it (see ``named(in:position:)``).
    public var name: String?
    public var kind: Kind

    public init(name: String? = nil, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The constraint with its name: the given one, or the generated one.
    public func named(in table: String, position: Int) -> (name: String, kind: Kind) {
        if let name { return (name, kind) }
        switch kind {
        case .unique(let columns): return (GeneratedName.make("uq", table: table, columns), kind)
        case .index(let columns, _, let options):
            let parts = (columns.isEmpty ? ["expr"] : columns) + (options.method.map { [$0.rawValue] } ?? [])
            return (GeneratedName.make("ix", table: table, parts), kind)
        case .check: return (GeneratedName.make("ck", table: table, ["\(position)"]), kind)
        case .foreignKey(let columns, _): return (GeneratedName.make("fk", table: table, columns), kind)
        }
    }
}

/// A model with table-level constraints and indexes: `createTables` and
/// migrations (autogenerate, drift checks) create them with the table.
public protocol TableOptions: Model {
    static var constraints: [TableConstraint] { get }
}

extension TableOptions {
    /// The key paths' columns must be unique together.
    public static func unique(_ keyPaths: PartialKeyPath<Self>..., name: String? = nil) -> TableConstraint {
        TableConstraint(name: name, .unique(columns: columnNames(keyPaths)))
    }

    /// Every row must satisfy `expression` (SQL both databases accept).
    public static func check(_ expression: String, name: String? = nil) -> TableConstraint {
        TableConstraint(name: name, .check(expression: expression))
    }

    /// An index over the key paths' columns, partial with `where`; `options`
    /// add descending columns, expressions, a method (GIN, GiST, BRIN) and
    /// `INCLUDE` columns (the last two on PostgreSQL).
    ///
    /// ```swift
    /// index(\.createdAt, options: IndexOptions(descending: ["created_at"]))
    /// index(options: IndexOptions(expressions: ["lower(email)"]), name: "ix_users_email_lower")
    /// index(\.attributes, options: IndexOptions(method: .gin))
    /// ```
    public static func index(
        _ keyPaths: PartialKeyPath<Self>..., where condition: String? = nil, options: IndexOptions = IndexOptions(),
        name: String? = nil
    ) -> TableConstraint {
        TableConstraint(name: name, .index(columns: columnNames(keyPaths), condition: condition, options: options))
    }

    /// The key paths' columns reference `target`'s primary key — every
    /// column of it, in order — for a composite key (a single column uses
    /// `@Column(references:)`).
    ///
    /// ```swift
    /// foreignKey(\.sensorID, \.day, references: DailySummary.self, onDelete: .cascade)
    /// ```
    public static func foreignKey<Target: Model>(
        _ keyPaths: PartialKeyPath<Self>..., references target: Target.Type, onDelete: ForeignKeyAction = .noAction,
        name: String? = nil
    ) -> TableConstraint {
        TableConstraint(
            name: name, .foreignKey(columns: columnNames(keyPaths), references: ForeignKey(target, onDelete: onDelete)))
    }

    private static func columnNames(_ keyPaths: [PartialKeyPath<Self>]) -> [String] {
        keyPaths.map { keyPath in
            // A declaration error, found the first time the table is used.
            guard let name = columnName(for: keyPath) else {
                preconditionFailure("\(keyPath) is not a column of \(schema.name): table constraints name stored columns")
            }
            return name
        }
    }
}

extension Model {
    /// The model's table-level constraints, named.
    public static var namedConstraints: [(name: String, kind: TableConstraint.Kind)] {
        guard let options = Self.self as? any TableOptions.Type else { return [] }
        return options.constraints.enumerated().map { $0.element.named(in: schema.name, position: $0.offset + 1) }
    }
}
