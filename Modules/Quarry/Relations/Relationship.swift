/// How a model's relation property connects its rows to another model's:
/// what `@BelongsTo`, `@HasMany`, `@HasOne`, `@ManyToMany`, `@MorphMany`
/// and `@MorphTo` declare, and what prefetching, relation filters and
/// `attach`/`detach`/`sync` read.
///
/// Every kind is one link: a column of the parent row (`parentColumn`)
/// matches a column of the target rows (`targetColumn`), possibly through
/// a junction table, possibly restricted by a type column.
///
/// ```swift
/// Post.relationship(for: \Post.author)?.kind    // .belongsTo
/// // hand-written models build them with the same factories the macros use:
/// Relationship.hasMany("posts", parent: Author.self, foreignKey: \Post.authorID)
/// ```
public struct Relationship: Sendable {
    /// The kind of relation.
    public enum Kind: String, Sendable, Hashable {
        case belongsTo, hasOne, hasMany, manyToMany, morphTo, morphMany

        /// Whether the property holds an array.
        public var isToMany: Bool { self == .hasMany || self == .manyToMany || self == .morphMany }
    }

    /// A junction table between the parent and the target (many-to-many).
    struct Junction: Sendable, Hashable {
        let table: String
        /// The junction column holding the parent's key.
        let parentColumn: String
        /// The junction column holding the target's key.
        let targetColumn: String
    }

    /// The property name.
    public let name: String
    public let kind: Kind
    public let parentTable: String
    /// The parent's columns the link starts from: the foreign key of a
    /// belongs-to (or morph-to) relation, the primary key otherwise —
    /// several when the key is composite.
    public let parentColumns: [String]
    /// The target's table (empty for morph-to, whose target varies).
    public let targetTable: String
    /// The target's columns matched, in order, against the parent's.
    public let targetColumns: [String]
    let junction: Junction?
    /// A type column of the target and the value it must hold (morph-many).
    let discriminator: (column: String, value: String)?
    /// Morph-to: the parent's type column and the models it may name.
    let morphTypeColumn: String?
    let morphTargets: [any (ColumnSet & Model).Type]
    /// Why the declaration cannot work, reported when the relation is used.
    let problem: String?

    /// The parent's link column, for the kinds that link by one column
    /// (many-to-many, morph).
    var parentColumn: String { parentColumns.first ?? "" }
    /// The target's link column, for the kinds that link by one column.
    var targetColumn: String { targetColumns.first ?? "" }
    /// Whether the link spans several columns (a composite key).
    var isComposite: Bool { parentColumns.count > 1 }

    /// `columns` are `nil` when a key path did not name a column.
    private init(
        name: String, kind: Kind, parentTable: String, parentColumns: [String]?, targetTable: String,
        targetColumns: [String]?, junction: Junction? = nil, discriminator: (column: String, value: String)? = nil,
        morphTypeColumn: String? = nil, morphTargets: [any (ColumnSet & Model).Type] = [], problem: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.parentTable = parentTable
        self.parentColumns = parentColumns ?? []
        self.targetTable = targetTable
        self.targetColumns = targetColumns ?? []
        self.junction = junction
        self.discriminator = discriminator
        self.morphTypeColumn = morphTypeColumn
        self.morphTargets = morphTargets
        var problem = problem
        if problem == nil, parentColumns?.isEmpty ?? true {
            problem = "\(parentTable).\(name): the parent's link column is not a column of \(parentTable)"
        }
        if problem == nil, targetColumns?.isEmpty ?? true {
            problem = "\(parentTable).\(name): the target's link column is not a column of \(targetTable)"
        }
        if problem == nil, max(parentColumns?.count ?? 0, targetColumns?.count ?? 0) > 1,
            junction != nil || kind == .morphTo || kind == .morphMany
        {
            problem = "\(parentTable).\(name): many-to-many and polymorphic relations need single-column primary keys"
        }
        if problem == nil, let parentColumns, let targetColumns, parentColumns.count != targetColumns.count {
            problem = "\(parentTable).\(name): \(parentColumns.count) column(s) of \(parentTable) cannot match "
                + "\(targetColumns.count) of \(targetTable); a composite key needs one foreign-key column per key column"
        }
        self.problem = problem
    }

    /// Throws the declaration problem, if there is one.
    func validate() throws {
        if let problem { throw QuarryError.invalidArgument(name: name, reason: problem) }
    }

    // MARK: - Factories

    /// The parent holds `foreignKey`, a column referencing `Target`'s primary key.
    ///
    /// ```swift
    /// Relationship.belongsTo("author", foreignKey: \Post.authorID, target: Author.self)
    /// ```
    public static func belongsTo<Parent: FetchableModel, Target: FetchableModel, Value>(
        _ name: String, foreignKey: KeyPath<Parent, Value>, target: Target.Type
    ) -> Relationship {
        belongsTo(name, foreignKeys: [foreignKey], target: target)
    }

    /// The parent holds `foreignKeys`, columns referencing `Target`'s
    /// composite primary key, one per key column, in key order.
    ///
    /// ```swift
    /// Relationship.belongsTo("reading", foreignKeys: [\ReadingNote.sensorID, \ReadingNote.day], target: Reading.self)
    /// ```
    public static func belongsTo<Parent: FetchableModel, Target: FetchableModel>(
        _ name: String, foreignKeys: [PartialKeyPath<Parent>], target: Target.Type
    ) -> Relationship {
        Relationship(
            name: name, kind: .belongsTo, parentTable: Parent.schema.name,
            parentColumns: columns(foreignKeys, of: Parent.self), targetTable: Target.schema.name,
            targetColumns: Target.schema.primaryKeyNames)
    }

    /// `Target` rows hold `foreignKey`, a column referencing the parent's primary key.
    ///
    /// ```swift
    /// Relationship.hasMany("posts", parent: Author.self, foreignKey: \Post.authorID)
    /// ```
    public static func hasMany<Parent: FetchableModel, Target: FetchableModel, Value>(
        _ name: String, parent: Parent.Type, foreignKey: KeyPath<Target, Value>
    ) -> Relationship {
        hasMany(name, parent: parent, foreignKeys: [foreignKey])
    }

    /// `Target` rows hold `foreignKeys`, columns referencing the parent's
    /// composite primary key, one per key column, in key order.
    ///
    /// ```swift
    /// Relationship.hasMany("notes", parent: Reading.self, foreignKeys: [\ReadingNote.sensorID, \ReadingNote.day])
    /// ```
    public static func hasMany<Parent: FetchableModel, Target: FetchableModel>(
        _ name: String, parent: Parent.Type, foreignKeys: [PartialKeyPath<Target>]
    ) -> Relationship {
        Relationship(
            name: name, kind: .hasMany, parentTable: Parent.schema.name, parentColumns: Parent.schema.primaryKeyNames,
            targetTable: Target.schema.name, targetColumns: columns(foreignKeys, of: Target.self))
    }

    /// At most one `Target` row holds `foreignKey` referencing the parent.
    ///
    /// ```swift
    /// Relationship.hasOne("profile", parent: Author.self, foreignKey: \Profile.authorID)
    /// ```
    public static func hasOne<Parent: FetchableModel, Target: FetchableModel, Value>(
        _ name: String, parent: Parent.Type, foreignKey: KeyPath<Target, Value>
    ) -> Relationship {
        hasOne(name, parent: parent, foreignKeys: [foreignKey])
    }

    /// At most one `Target` row holds `foreignKeys` referencing the
    /// parent's composite primary key.
    ///
    /// ```swift
    /// Relationship.hasOne("summary", parent: Reading.self, foreignKeys: [\Summary.sensorID, \Summary.day])
    /// ```
    public static func hasOne<Parent: FetchableModel, Target: FetchableModel>(
        _ name: String, parent: Parent.Type, foreignKeys: [PartialKeyPath<Target>]
    ) -> Relationship {
        Relationship(
            name: name, kind: .hasOne, parentTable: Parent.schema.name, parentColumns: Parent.schema.primaryKeyNames,
            targetTable: Target.schema.name, targetColumns: columns(foreignKeys, of: Target.self))
    }

    /// The key paths' column names, or `nil` when one is not a column.
    private static func columns<M: FetchableModel>(_ keyPaths: [PartialKeyPath<M>], of model: M.Type) -> [String]? {
        var names: [String] = []
        for keyPath in keyPaths {
            guard let name = M.columnName(for: keyPath) else { return nil }
            names.append(name)
        }
        return names
    }

    /// Parent and target rows paired by the rows of a junction model. Without
    /// `from`/`to`, the junction's columns are found by their foreign keys
    /// (name them when both reference the same table).
    ///
    /// ```swift
    /// Relationship.manyToMany("tags", parent: Post.self, target: Tag.self, through: PostTag.self)
    /// Relationship.manyToMany("followers", parent: User.self, target: User.self, through: Follow.self,
    ///                         from: \Follow.followeeID, to: \Follow.followerID)
    /// ```
    public static func manyToMany<Parent: FetchableModel, Target: FetchableModel, Through: Model>(
        _ name: String, parent: Parent.Type, target: Target.Type, through: Through.Type,
        from: PartialKeyPath<Through>? = nil, to: PartialKeyPath<Through>? = nil
    ) -> Relationship {
        let referencing = { (table: String) in
            Through.schema.columns.filter { $0.references?.model.schema.name == table }.map(\.name)
        }
        var problem: String?
        var parentSide = from.flatMap { Through.columnName(for: $0) }
        var targetSide = to.flatMap { Through.columnName(for: $0) }
        if parentSide == nil {
            let candidates = referencing(Parent.schema.name).filter { $0 != targetSide }
            if candidates.count == 1 { parentSide = candidates[0] }
        }
        if targetSide == nil {
            let candidates = referencing(Target.schema.name).filter { $0 != parentSide }
            if candidates.count == 1 { targetSide = candidates[0] }
        }
        if parentSide == nil || targetSide == nil {
            problem = "\(Parent.schema.name).\(name): cannot tell which columns of \(Through.schema.name) refer to "
                + "\(Parent.schema.name) and \(Target.schema.name); name them with from: and to:"
        }
        return Relationship(
            name: name, kind: .manyToMany, parentTable: Parent.schema.name,
            parentColumns: Parent.schema.primaryKeyNames, targetTable: Target.schema.name,
            targetColumns: Target.schema.primaryKeyNames,
            junction: Junction(table: Through.schema.name, parentColumn: parentSide ?? "", targetColumn: targetSide ?? ""),
            problem: problem)
    }

    /// `Target` rows point at the parent through a type column holding the
    /// parent's table name and a key column holding its primary key (the
    /// reverse of ``morphTo(_:type:id:targets:)``).
    ///
    /// ```swift
    /// Relationship.morphMany("comments", parent: Post.self, type: \Comment.targetType, id: \Comment.targetID)
    /// ```
    public static func morphMany<Parent: FetchableModel, Target: FetchableModel, TypeValue, KeyValue>(
        _ name: String, parent: Parent.Type, type: KeyPath<Target, TypeValue>, id: KeyPath<Target, KeyValue>
    ) -> Relationship {
        let typeColumn = Target.columnName(for: type)
        return Relationship(
            name: name, kind: .morphMany, parentTable: Parent.schema.name, parentColumns: Parent.schema.primaryKeyNames,
            targetTable: Target.schema.name, targetColumns: Target.columnName(for: id).map { [$0] },
            discriminator: typeColumn.map { ($0, Parent.schema.name) },
            problem: typeColumn == nil ? "\(Parent.schema.name).\(name): the type key path is not a column of \(Target.schema.name)" : nil)
    }

    /// The parent points at a row of one of `targets` through a type column
    /// (holding the target's table name) and a key column.
    ///
    /// ```swift
    /// Relationship.morphTo("target", type: \Comment.targetType, id: \Comment.targetID,
    ///                      targets: [Post.self, Photo.self])
    /// ```
    public static func morphTo<Parent: FetchableModel, TypeValue, KeyValue>(
        _ name: String, type: KeyPath<Parent, TypeValue>, id: KeyPath<Parent, KeyValue>,
        targets: [any (ColumnSet & Model).Type]
    ) -> Relationship {
        let typeColumn = Parent.columnName(for: type)
        return Relationship(
            name: name, kind: .morphTo, parentTable: Parent.schema.name, parentColumns: Parent.columnName(for: id).map { [$0] },
            targetTable: "", targetColumns: [""], morphTypeColumn: typeColumn, morphTargets: targets,
            problem: typeColumn == nil ? "\(Parent.schema.name).\(name): the type key path is not a column" : nil)
    }

    // MARK: - SQL

    /// The junction's alias beside a target aliased `target`.
    static func junctionAlias(_ target: String) -> String { target + "_j" }

    /// ` JOIN junction AS alias ON alias.target = target.key`, or nothing.
    func joinSQL(target: String) -> SQL {
        guard let junction else { return "" }
        let alias = Self.junctionAlias(target)
        return " JOIN \(identifier: junction.table) AS \(identifier: alias) ON \(identifier: alias).\(identifier: junction.targetColumn) = \(identifier: target).\(identifier: targetColumn)"
    }

    /// The column whose value equals the parent's `parentColumn` for a
    /// related row: the junction's parent column, or the target's column.
    func matchNode(target: String) -> ExpressionNode {
        if let junction { return .column(table: Self.junctionAlias(target), name: junction.parentColumn) }
        return .column(table: target, name: targetColumn)
    }

    /// The type-column restriction of a morph-many relation.
    func discriminatorNode(target: String) -> ExpressionNode? {
        discriminator.map { .binary(.column(table: target, name: $0.column), "=", .value(.text($0.value))) }
    }

    /// The condition tying rows of the target (aliased `target`) to the
    /// row of the outer query aliased `outer`: one equality per link column.
    func linkNode(outer: String, target: String) -> ExpressionNode {
        let link: ExpressionNode
        if isComposite {
            let pairs = zip(targetColumns, parentColumns).map { targetColumn, parentColumn in
                ExpressionNode.binary(.column(table: target, name: targetColumn), "=", .column(table: outer, name: parentColumn))
            }
            link = pairs.dropFirst().reduce(pairs[0]) { .binary($0, "AND", $1) }
        } else {
            link = .binary(matchNode(target: target), "=", .column(table: outer, name: parentColumn))
        }
        return discriminatorNode(target: target).map { .binary(link, "AND", $0) } ?? link
    }
}
