/// The members `@Model` generates for relation properties: navigation in
/// `Columns`, `relationship(for:)` and `isLoaded(_:)`.
struct RelationGenerator {
    let model: String
    let access: String
    let relations: [ModelRelation]
    /// Inferred foreign-key key paths of belongs-to relations, by property.
    let foreignKeys: [String: String]

    /// `Columns` members: `$0.author.name`, `$0.posts.any { … }`.
    var navigation: String {
        let members = relations.compactMap { relation -> String? in
            guard let target = relation.target else { return nil }
            let kind = relation.isToMany ? "RelatedMany" : "RelatedOne"
            return """
                    \(access)var \(relation.identifier): Quarry.\(kind)<\(target)> {
                        Quarry.\(kind)(\(model).relationship(for: \\\(model).\(relation.identifier))!, from: _quarryScope)
                    }
            """
        }
        return members.isEmpty ? "" : "\n\n" + members.joined(separator: "\n\n")
    }

    /// `relationship(for:)` and `isLoaded(_:)`, when there are relations.
    var declarations: String {
        guard !relations.isEmpty else { return "" }
        let cases = relations.map {
            "        case \\\(model).\($0.identifier): return \($0.factory(model: model, foreignKey: foreignKeys[$0.property]))"
        }.joined(separator: "\n")
        let loaded = relations.map {
            "        case \\\(model).\($0.identifier): return self._\($0.property).isLoaded"
        }.joined(separator: "\n")
        return """
                \(access)static func relationship(for keyPath: PartialKeyPath<\(model)>) -> Quarry.Relationship? {
                    switch keyPath {
            \(cases)
                    default: return nil
                    }
                }

                \(access)func isLoaded(_ relation: PartialKeyPath<\(model)>) -> Bool {
                    switch relation {
            \(loaded)
                    default: return false
                    }
                }


            """
    }
}
