/// What ``Model/sync(_:_:on:)`` changed.
public struct SyncResult: Sendable, Hashable {
    /// Pairs added to the junction.
    public let attached: Int
    /// Pairs removed from the junction.
    public let detached: Int

    public init(attached: Int, detached: Int) {
        self.attached = attached
        self.detached = detached
    }
}

extension Model {
    /// Pairs this row with `targets` through the junction of a
    /// many-to-many relation, skipping pairs that exist: attaching twice
    /// changes nothing. Returns how many pairs were added.
    ///
    /// The junction's other columns get their defaults; its hooks do not
    /// run (rows are written in bulk). A loaded relation property is not
    /// refreshed.
    ///
    /// ```swift
    /// try await post.attach(\.tags, [swift, sql], on: db)     // 2
    /// try await post.attach(\.tags, [swift], on: db)          // 0
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for a key path
    ///   that is not a many-to-many relation, or a row or target without a
    ///   primary key.
    @discardableResult
    public func attach<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, _ targets: [Target], on db: some QueryExecutor
    ) async throws -> Int where Target.Key: SQLValueConvertible {
        try await attach(relation, keys: Self.keys(of: targets), on: db)
    }

    /// Pairs this row with the targets whose primary keys are `keys`.
    ///
    /// ```swift
    /// try await post.attach(\.tags, keys: [1, 2], on: db)
    /// ```
    @discardableResult
    public func attach<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, keys: [Target.Key], on db: some QueryExecutor
    ) async throws -> Int where Target.Key: SQLValueConvertible {
        let link = try junctionLink(relation)
        return try await db.transaction { tx in
            try await ensureVisible(keys, Target.self, on: tx)
            let existing = Set(try await link.targetKeys(Target.Key.self, on: tx))
            var seen = existing
            let missing = keys.filter { seen.insert($0).inserted }
            try await link.insert(missing, on: tx)
            return missing.count
        }
    }

    /// Removes the pairs of this row with `targets` from the junction;
    /// missing pairs are ignored. Returns how many pairs were removed.
    ///
    /// ```swift
    /// try await post.detach(\.tags, [sql], on: db)
    /// ```
    @discardableResult
    public func detach<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, _ targets: [Target], on db: some QueryExecutor
    ) async throws -> Int where Target.Key: SQLValueConvertible {
        try await detach(relation, keys: Self.keys(of: targets), on: db)
    }

    /// Removes the pairs of this row with the targets whose keys are `keys`.
    @discardableResult
    public func detach<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, keys: [Target.Key], on db: some QueryExecutor
    ) async throws -> Int where Target.Key: SQLValueConvertible {
        let link = try junctionLink(relation)
        return try await db.transaction { tx in
            try await ensureVisible([], Target.self, on: tx)
            return try await link.delete(keys.map(\.sqlValue), on: tx)
        }
    }

    /// Makes this row's pairs exactly `targets`: adds the missing ones and
    /// removes the others, in one transaction. Syncing twice changes nothing.
    ///
    /// ```swift
    /// let result = try await post.sync(\.tags, [swift, orm], on: db)
    /// result.attached   // 1
    /// result.detached   // 1
    /// ```
    @discardableResult
    public func sync<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, _ targets: [Target], on db: some QueryExecutor
    ) async throws -> SyncResult where Target.Key: SQLValueConvertible {
        try await sync(relation, keys: Self.keys(of: targets), on: db)
    }

    /// Makes this row's pairs exactly the targets whose keys are `keys`.
    @discardableResult
    public func sync<Target: Model>(
        _ relation: KeyPath<Self, [Target]?>, keys: [Target.Key], on db: some QueryExecutor
    ) async throws -> SyncResult where Target.Key: SQLValueConvertible {
        let link = try junctionLink(relation)
        return try await db.transaction { tx in
            try await ensureVisible(keys, Target.self, on: tx)
            let existing = Set(try await link.targetKeys(Target.Key.self, on: tx))
            let wanted = Set(keys)
            var seen = existing
            let missing = keys.filter { seen.insert($0).inserted }
            let extra = existing.subtracting(wanted)
            let removed = try await link.delete(extra.map(\.sqlValue), on: tx)
            try await link.insert(missing, on: tx)
            return SyncResult(attached: missing.count, detached: removed)
        }
    }

    /// Links join only rows the caller can see: this row and every target
    /// in their default scopes (another tenant's, a soft-deleted row is not
    /// found), so a link never reaches across a scope.
    private func ensureVisible<Target: Model>(
        _ keys: [Target.Key], _ target: Target.Type, on db: some QueryExecutor
    ) async throws where Target.Key: SQLValueConvertible {
        guard Self.isScoped || Target.isScoped, let key = primaryKey else { return }
        if Self.isScoped, !(try await Self.exists(on: db, id: key)) {
            throw QuarryError.notFound(table: Self.schema.name, key: Self.keyDescription(key))
        }
        let distinct = Array(Set(keys))
        guard Target.isScoped, !distinct.isEmpty else { return }
        let count = try Target.selectStatement(
            "count(*)", where: Target.keyCondition(in: distinct).node, scopes: try ResolvedScopes.of(Target.self),
            dialect: db.dialect)
        let visible = try await db.fetchValue(Int.self, count) ?? 0
        guard visible == distinct.count else {
            throw QuarryError.notFound(
                table: Target.schema.name, key: "\(distinct.count - visible) of the \(distinct.count) keys given")
        }
    }

    private static func keys<Target: Model>(of targets: [Target]) throws -> [Target.Key] where Target.Key: SQLValueConvertible {
        try targets.enumerated().map { index, target in
            guard let key = target.primaryKey else {
                throw QuarryError.invalidArgument(
                    name: "targets", reason: "element \(index) has no primary key; insert it first")
            }
            return key
        }
    }

    private func junctionLink(_ relation: AnyKeyPath) throws -> JunctionRows {
        guard let relationship = (relation as? PartialKeyPath<Self>).flatMap(Self.relationship(for:)),
            let junction = relationship.junction
        else {
            throw QuarryError.invalidArgument(
                name: "relation", reason: "\(relation) is not a many-to-many relation of \(Self.schema.name)")
        }
        try relationship.validate()
        guard let key = primaryKey else {
            throw QuarryError.invalidArgument(
                name: "self", reason: "this \(Self.schema.name) row has no primary key; insert it first")
        }
        // The relation validated, so the key is a single column's.
        return JunctionRows(junction: junction, parentKey: Self.keyValues(of: key)[0])
    }
}

/// One parent's rows in a junction table.
private struct JunctionRows {
    let junction: Relationship.Junction
    let parentKey: SQLValue

    private var table: SQL { "\(identifier: junction.table)" }
    private var parentColumn: SQL { "\(identifier: junction.parentColumn)" }
    private var targetColumn: SQL { "\(identifier: junction.targetColumn)" }

    func targetKeys<Key: SQLValueConvertible>(_ type: Key.Type, on db: some QueryExecutor) async throws -> [Key] {
        try await db.fetchValues(
            Key.self, "SELECT " + targetColumn + " FROM " + table + " WHERE " + parentColumn + " = \(parentKey)")
    }

    func insert<Key: SQLValueConvertible>(_ keys: [Key], on db: some QueryExecutor) async throws {
        let perStatement = max(1, min(1_000, db.dialect.maxBindParameters / 2))
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + perStatement, keys.count)]
            start += chunk.count
            let rows = SQL.join(chunk.map { "(\(parentKey), \($0))" as SQL }, separator: ", ")
            try await db.execute(
                "INSERT INTO " + table + " (" + parentColumn + ", " + targetColumn + ") VALUES " + rows)
        }
    }

    func delete(_ keys: [SQLValue], on db: some QueryExecutor) async throws -> Int {
        let perStatement = max(1, db.dialect.maxBindParameters - 1)
        var removed = 0
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + perStatement, keys.count)])
            start += chunk.count
            let within = ExpressionNode.inList(.column(table: junction.table, name: junction.targetColumn), chunk, negated: false)
            removed += try await db.execute(
                "DELETE FROM " + table + " WHERE " + parentColumn + " = \(parentKey) AND " + within.render(db.dialect))
        }
        return removed
    }
}
