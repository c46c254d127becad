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
    let parentTable: String
    /// The parent's column the link starts from: the foreign key of a
    /// belongs-to (or morph-to) relation, the primary key otherwise.
    let parentColumn: String
    /// The target's table (empty for morph-to, whose target varies).
    let targetTable: String
    /// The target's column matched against the parent's value.
    let targetColumn: String
    let junction: Junction?
    /// A type column of the target and the value it must hold (morph-many).
    let discriminator: (column: String, value: String)?
    /// Morph-to: the parent's type column and the models it may name.
    let morphTypeColumn: String?
    let morphTargets: [any ColumnSet.Type]
    /// Why the declaration cannot work, reported when the relation is used.
    let problem: String?

    private init(
        name: String, kind: Kind, parentTable: String, parentColumn: String?, targetTable: String,
        targetColumn: String?, junction: Junction? = nil, discriminator: (column: String, value: String)? = nil,
        morphTypeColumn: String? = nil, morphTargets: [any ColumnSet.Type] = [], problem: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.parentTable = parentTable
        self.parentColumn = parentColumn ?? ""
        self.targetTable = targetTable
        self.targetColumn = targetColumn ?? ""
        self.junction = junction
        self.discriminator = discriminator
        self.morphTypeColumn = morphTypeColumn
        self.morphTargets = morphTargets
        var problem = problem
        if problem == nil, parentColumn == nil {
            problem = "\(parentTable).\(name): the parent's link column is not a column of \(parentTable)"
        }
        if problem == nil, targetColumn == nil {
            problem = "\(parentTable).\(name): the target's link column is not a column of \(targetTable)"
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
    public static func belongsTo<Parent: Model, Target: Model, Value>(
        _ name: String, foreignKey: KeyPath<Parent, Value>, target: Target.Type
    ) -> Relationship {
        Relationship(
            name: name, kind: .belongsTo, parentTable: Parent.schema.name,
            parentColumn: Parent.columnName(for: foreignKey), targetTable: Target.schema.name,
            targetColumn: Target.schema.primaryKeyName)
    }

    /// `Target` rows hold `foreignKey`, a column referencing the parent's primary key.
    ///
    /// ```swift
    /// Relationship.hasMany("posts", parent: Author.self, foreignKey: \Post.authorID)
    /// ```
    public static func hasMany<Parent: Model, Target: Model, Value>(
        _ name: String, parent: Parent.Type, foreignKey: KeyPath<Target, Value>
    ) -> Relationship {
        Relationship(
            name: name, kind: .hasMany, parentTable: Parent.schema.name, parentColumn: Parent.schema.primaryKeyName,
            targetTable: Target.schema.name, targetColumn: Target.columnName(for: foreignKey))
    }

    /// At most one `Target` row holds `foreignKey` referencing the parent.
    ///
    /// ```swift
    /// Relationship.hasOne("profile", parent: Author.self, foreignKey: \Profile.authorID)
    /// ```
    public static func hasOne<Parent: Model, Target: Model, Value>(
        _ name: String, parent: Parent.Type, foreignKey: KeyPath<Target, Value>
    ) -> Relationship {
        Relationship(
            name: name, kind: .hasOne, parentTable: Parent.schema.name, parentColumn: Parent.schema.primaryKeyName,
            targetTable: Target.schema.name, targetColumn: Target.columnName(for: foreignKey))
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
    public static func manyToMany<Parent: Model, Target: Model, Through: Model>(
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
            parentColumn: Parent.schema.primaryKeyName, targetTable: Target.schema.name,
            targetColumn: Target.schema.primaryKeyName,
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
    public static func morphMany<Parent: Model, Target: Model, TypeValue, KeyValue>(
        _ name: String, parent: Parent.Type, type: KeyPath<Target, TypeValue>, id: KeyPath<Target, KeyValue>
    ) -> Relationship {
        let typeColumn = Target.columnName(for: type)
        return Relationship(
            name: name, kind: .morphMany, parentTable: Parent.schema.name, parentColumn: Parent.schema.primaryKeyName,
            targetTable: Target.schema.name, targetColumn: Target.columnName(for: id),
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
    public static func morphTo<Parent: Model, TypeValue, KeyValue>(
        _ name: String, type: KeyPath<Parent, TypeValue>, id: KeyPath<Parent, KeyValue>,
        targets: [any ColumnSet.Type]
    ) -> Relationship {
        let typeColumn = Parent.columnName(for: type)
        return Relationship(
            name: name, kind: .morphTo, parentTable: Parent.schema.name, parentColumn: Parent.columnName(for: id),
            targetTable: "", targetColumn: "", morphTypeColumn: typeColumn, morphTargets: targets,
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
    /// row of the outer query aliased `outer`.
    func linkNode(outer: String, target: String) -> ExpressionNode {
        let link = ExpressionNode.binary(matchNode(target: target), "=", .column(table: outer, name: parentColumn))
        return discriminatorNode(target: target).map { .binary(link, "AND", $0) } ?? link
    }
}
