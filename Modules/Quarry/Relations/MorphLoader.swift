/// Loads the targets of a morph-to relation: parents grouped by their type
/// column, one `SELECT` per target model present (per chunk of keys).
struct MorphLoader<Parent: ColumnSet>: Sendable {
    let relationship: Relationship

    init(_ relationship: Relationship?, relation: AnyKeyPath) throws {
        guard let relationship, relationship.kind == .morphTo else {
            throw QuarryError.invalidArgument(
                name: "relation", reason: "\(relation) is not a morph-to relation of \(Parent.schema.name)")
        }
        try relationship.validate()
        self.relationship = relationship
    }

    /// Each parent's target, or `nil` when its key is `NULL` or the row is gone.
    func load(_ parents: [Parent], on db: any QueryExecutor) async throws -> [(any Model)?] {
        let columns = Parent.schema.columns
        guard let typeIndex = columns.firstIndex(where: { $0.name == relationship.morphTypeColumn }),
            let keyIndex = columns.firstIndex(where: { $0.name == relationship.parentColumn })
        else {
            throw QuarryError.invalidArgument(
                name: relationship.name, reason: "its type or key column is not a column of \(Parent.schema.name)")
        }
        let links = parents.map { parent -> (type: String?, key: SQLValue) in
            let values = parent.columnValues()
            guard case .text(let type) = values[typeIndex] else { return (nil, values[keyIndex]) }
            return (type, values[keyIndex])
        }
        var keysByType: [String: [SQLValue]] = [:]
        var order: [String] = []
        for link in links {
            guard let type = link.type, link.key != .null else { continue }
            if keysByType[type] == nil { order.append(type) }
            keysByType[type, default: []].append(link.key)
        }
        var loaded: [String: [SQLValue: any Model]] = [:]
        for type in order {
            guard let target = relationship.morphTargets.first(where: { $0.schema.name == type }) else {
                let known = relationship.morphTargets.map { $0.schema.name }.joined(separator: ", ")
                throw QuarryError.invalidValue(
                    "\(Parent.schema.name).\(relationship.morphTypeColumn ?? "") holds '\(type)', "
                        + "which is none of the targets of \(relationship.name) (\(known))")
            }
            loaded[type] = try await Self.rows(of: target, keys: keysByType[type] ?? [], on: db)
        }
        return links.map { link in link.type.flatMap { loaded[$0]?[link.key] } }
    }

    /// The rows of `target` with the given primary keys, by key.
    private static func rows<Target: ColumnSet & Model>(
        of target: Target.Type, keys: [SQLValue], on db: any QueryExecutor
    ) async throws -> [SQLValue: any Model] {
        guard let key = Target.schema.primaryKeyName else {
            throw QuarryError.invalidArgument(name: "targets", reason: "\(Target.schema.name) has no primary key")
        }
        var seen = Set<SQLValue>()
        let distinct = keys.filter { seen.insert($0).inserted }
        var rows: [SQLValue: any Model] = [:]
        var start = 0
        while start < distinct.count {
            let chunk = Array(distinct[start..<min(start + db.dialect.maxBindParameters, distinct.count)])
            start += chunk.count
            var query = Query<Target>()
            query.predicate = .inList(.column(table: Target.schema.name, name: key), chunk, negated: false)
            for row in try await query.all(on: db) {
                if let key = row.primaryKey { rows[Target.keyValues(of: key)[0]] = row }
            }
        }
        return rows
    }
}
