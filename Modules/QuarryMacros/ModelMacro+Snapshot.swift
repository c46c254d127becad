import SwiftSyntax

/// The snapshot of the loaded row that `@Model` keeps for dirty tracking:
/// a tuple of the column values stored inline in the model, and the
/// members that read and set it.
extension ModelMacro {
    /// The stored properties that become columns, in order: what the
    /// snapshot of a loaded row holds. The same members `readMembers`
    /// reads (which reports what is wrong with them; this only lists them).
    static func snapshotFields(_ structDecl: StructDeclSyntax) -> [(identifier: String, type: String)] {
        var fields: [(identifier: String, type: String)] = []
        for member in structDecl.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self),
                !variable.modifiers.contains(where: { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }),
                !variable.attributes.contains(where: {
                    $0.as(AttributeSyntax.self).map { ModelRelation.attributes.contains($0.attributeName.trimmedDescription) } ?? false
                })
            else { continue }
            for binding in variable.bindings {
                guard let pattern = binding.pattern.as(IdentifierPatternSyntax.self),
                    binding.accessorBlock.map({ !isComputed($0) }) ?? true,
                    let annotation = binding.typeAnnotation?.type
                else { continue }
                let property = pattern.identifier.text.filter { $0 != "`" }
                let identifier = ModelColumn.keywords.contains(property) ? "`\(property)`" : property
                fields.append((identifier, annotation.trimmedDescription))
            }
        }
        return fields
    }

    /// `init(row:)`'s last line and the members that read and set the
    /// snapshot of the loaded row (``DirtyTracking``), over `columns`.
    static func snapshotMembers(_ columns: [ModelColumn], access: String) -> (capture: String, members: String) {
        let single = columns.count == 1
        let capture = single
            ? "self.\(columns[0].identifier)"
            : "(" + columns.map { "\($0.identifier): self.\($0.identifier)" }.joined(separator: ", ") + ")"
        let read = single
            ? "loaded.sqlValue"
            : columns.map { "loaded.\($0.identifier).sqlValue" }.joined(separator: ", ")
        let decode = single
            ? "try row.decode(\(columns[0].type.trimmedDescription).self)"
            : "(" + columns.map { "\($0.identifier): try row.decode(\($0.type.trimmedDescription).self)" }
                .joined(separator: ", ") + ")"
        let members = """
                \(access)var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else { return nil }
                    return [\(read)]
                }

                \(access)mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\\.name))
                    _quarryLoaded = Quarry.RowSnapshot(\(decode))
                }
            """
        return ("        self._quarryLoaded = Quarry.RowSnapshot(\(capture))", members)
    }
}
