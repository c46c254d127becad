import SwiftDiagnostics
import SwiftParser
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Model`: generates the `Model` conformance of a struct — schema, key,
/// positional row decoder and bind encoder — in an extension, so the
/// struct keeps its memberwise initializer.
public struct ModelMacro: ExtensionMacro, MemberMacro {
    /// The stored snapshot of the loaded row, for `save`'s dirty tracking.
    public static func expansion(
        of node: AttributeSyntax, providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax], in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let structDecl = declaration.as(StructDeclSyntax.self), structDecl.genericParameterClause == nil else {
            return []
        }
        let fields = snapshotFields(structDecl)
        let values = fields.count == 1
            ? fields[0].type : "(" + fields.map { "\($0.identifier): \($0.type)" }.joined(separator: ", ") + ")"
        return ["\(raw: accessModifier(structDecl))var _quarryLoaded = Quarry.RowSnapshot<\(raw: values)>()"]
    }

    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        extensions(of: node, attachedTo: declaration, providingExtensionsOf: type, isView: false, in: context)
    }

    /// The extension of a `@Model` (a table: reads, writes, DTOs, dirty
    /// tracking) or of a `@View` (`isView`: reads only).
    static func extensions(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, isView: Bool, in context: some MacroExpansionContext
    ) -> [ExtensionDeclSyntax] {
        guard let structDecl = declaration.as(StructDeclSyntax.self) else {
            context.diagnose(notAStruct(declaration, node: node))
            return []
        }
        if structDecl.genericParameterClause != nil {
            context.diagnose(Diagnostic(node: structDecl.name, message: ModelDiagnostic.genericStruct))
            return []
        }
        guard let tableName = tableName(node, structDecl, isView: isView, context) else { return [] }
        guard let (readColumns, relations) = readMembers(structDecl, context) else { return [] }
        var columns = readColumns

        if !columns.contains(where: \.isPrimaryKey) {
            guard let index = columns.firstIndex(where: { $0.property == "id" }) else {
                context.diagnose(Diagnostic(node: structDecl.name, message: ModelDiagnostic.missingPrimaryKey))
                return []
            }
            columns[index].isPrimaryKey = true
        }
        // A tenant-scoped model's tenant column is its scope's to set.
        let inherited = Set(structDecl.inheritanceClause?.inheritedTypes.map {
            $0.type.trimmedDescription.split(separator: ".").last.map(String.init) ?? ""
        } ?? [])
        if inherited.contains("TenantScoped"), let index = columns.firstIndex(where: { $0.property == "tenantID" }) {
            columns[index].isScopeFixed = true
        }
        let keys = columns.filter(\.isPrimaryKey)
        var foreignKeys: [String: String] = [:]
        for relation in relations where relation.attribute == "BelongsTo" && relation.argument(nil) == nil {
            guard let column = columns.first(where: { [relation.property + "ID", relation.property + "Id"].contains($0.property) })
            else {
                context.diagnose(Diagnostic(
                    node: relation.node,
                    message: RelationDiagnostic.missingForeignKey(property: relation.property, model: type.trimmedDescription)))
                return []
            }
            foreignKeys[relation.property] = "\\\(type.trimmedDescription).\(column.identifier)"
        }
        let access = accessModifier(structDecl)

        let schema = columns.map { "        \($0.schemaExpression)," }.joined(separator: "\n")
        let snapshot = snapshotMembers(columns, access: access)
        let decode = (columns.map { "        self.\($0.identifier) = try row.decode(\($0.type.trimmedDescription).self)" }
            + (isView ? [] : [snapshot.capture]))
            .joined(separator: "\n")
        let conformances = isView
            ? "Quarry.FetchableModel, Quarry.ColumnSet, Quarry.DatabaseView"
            : "Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet"
        let dtos = isView ? "" : ModelDTOGenerator(columns: columns, access: access).declarations + "\n\n" + snapshot.members
        let encode = columns.map { "        binds.encode(self.\($0.identifier))" }.joined(separator: "\n")
        let typeName = type.trimmedDescription
        let columnFields = columns.map {
            "        \(access)let \($0.identifier): Quarry.Column<\(typeName), \($0.type.trimmedDescription)>"
        }.joined(separator: "\n")
        let columnInits = columns.map {
            "            self.\($0.identifier) = Quarry.Column(\(StringLiteralExprSyntax(content: $0.columnName)), in: scope)"
        }.joined(separator: "\n")
        let keyPaths = columns.map {
            "        case \\\(typeName).\($0.identifier): return \(StringLiteralExprSyntax(content: $0.columnName))"
        }.joined(separator: "\n")
        let relationMembers = RelationGenerator(
            model: typeName, access: access, relations: relations, foreignKeys: foreignKeys)

        let source: DeclSyntax = """
            extension \(type.trimmed): \(raw: conformances) {
            \(raw: keyDeclarations(keys, access: access))

                \(raw: access)static let schema = Quarry.TableSchema(\(StringLiteralExprSyntax(content: tableName)), columns: [
            \(raw: schema)
                ])

                \(raw: access)init(row: inout some Quarry.RowDecoder) throws {
            \(raw: decode)
                }

                \(raw: access)func encode(into binds: inout some Quarry.BindEncoder) {
            \(raw: encode)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                \(raw: access)struct Columns: Sendable {
            \(raw: columnFields)
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
            \(raw: columnInits)
                    }\(raw: relationMembers.navigation)
                }

                \(raw: access)static let columns = Columns(_quarryScope: .table(\(StringLiteralExprSyntax(content: tableName))))

                \(raw: access)static let _quarryTraits = Quarry.ModelTraits(of: \(raw: typeName).self)

                \(raw: access)static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                \(raw: access)static func columnName(for keyPath: PartialKeyPath<\(raw: typeName)>) -> String? {
                    switch keyPath {
            \(raw: keyPaths)
                    default: return nil
                    }
                }

            \(raw: relationMembers.declarations)\(raw: dtos)
            }
            """
        return [source.cast(ExtensionDeclSyntax.self)]
    }

    /// `Key` and `primaryKey`: the key column's type and value, or for a
    /// composite key a `Key` struct of the key columns and `keyValues(of:)`.
    private static func keyDeclarations(_ keys: [ModelColumn], access: String) -> String {
        if keys.count == 1 {
            let key = keys[0]
            return """
                    \(access)typealias Key = \(key.wrapped)

                    \(access)var primaryKey: \(key.wrapped)? { self.\(key.identifier) }
                """
        }
        let fields = keys.map { "        \(access)var \($0.identifier): \($0.wrapped)" }.joined(separator: "\n")
        let parameters = keys.map { "\($0.label): \($0.wrapped)" }.joined(separator: ", ")
        let assignments = keys.map { "            self.\($0.identifier) = \($0.identifier)" }.joined(separator: "\n")
        let arguments = keys.map { "\($0.label): self.\($0.identifier)" }.joined(separator: ", ")
        let values = keys.map { "key.\($0.identifier).sqlValue" }.joined(separator: ", ")
        return """
                /// The composite primary key: one value per `@ID` column.
                \(access)struct Key: Hashable, Sendable, Codable {
            \(fields)

                    \(access)init(\(parameters)) {
            \(assignments)
                    }
                }

                \(access)var primaryKey: Key? { Key(\(arguments)) }

                \(access)static func keyValues(of key: Key) -> [Quarry.SQLValue] {
                    [\(values)]
                }
            """
    }

    /// `public ` or `package ` when the struct is, so the conformance is as visible.
    private static func accessModifier(_ structDecl: StructDeclSyntax) -> String {
        for modifier in structDecl.modifiers {
            switch modifier.name.tokenKind {
            case .keyword(.public), .keyword(.open): return "public "
            case .keyword(.package): return "package "
            default: continue
            }
        }
        return ""
    }

    private static func notAStruct(_ declaration: some DeclGroupSyntax, node: AttributeSyntax) -> Diagnostic {
        if let classDecl = declaration.as(ClassDeclSyntax.self) {
            return Diagnostic(
                node: classDecl.classKeyword, message: ModelDiagnostic.notAStruct,
                fixIts: [FixIt(
                    message: ModelFixIt(message: "make it a struct"),
                    changes: [.replace(
                        oldNode: Syntax(classDecl.classKeyword),
                        newNode: Syntax(classDecl.classKeyword.with(\.tokenKind, .keyword(.struct))))])])
        }
        return Diagnostic(node: node, message: ModelDiagnostic.notAStruct)
    }

    /// `table:` (`name:` for a view) or the type name, snake_cased, with an
    /// "s" for a table.
    private static func tableName(
        _ node: AttributeSyntax, _ structDecl: StructDeclSyntax, isView: Bool, _ context: some MacroExpansionContext
    ) -> String? {
        if let arguments = node.arguments?.as(LabeledExprListSyntax.self),
            let table = arguments.first(where: { $0.label?.text == (isView ? "name" : "table") })
        {
            guard let literal = table.expression.as(StringLiteralExprSyntax.self),
                let name = literal.representedLiteralValue, !name.isEmpty
            else {
                context.diagnose(Diagnostic(node: table.expression, message: ModelDiagnostic.invalidTableName))
                return nil
            }
            return name
        }
        return structDecl.name.text.snakeCased + (isView ? "" : "s")
    }

    /// The stored instance properties, in declaration order, and the
    /// relation properties; `nil` after a diagnostic.
    private static func readMembers(
        _ structDecl: StructDeclSyntax, _ context: some MacroExpansionContext
    ) -> ([ModelColumn], [ModelRelation])? {
        var columns: [ModelColumn] = []
        var relations: [ModelRelation] = []
        var failed = false
        var keyMarkers: [(marker: AttributeSyntax, isOptional: Bool)] = []
        for member in structDecl.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }) {
                continue
            }
            let attributes = variable.attributes.compactMap { $0.as(AttributeSyntax.self) }
            if let relation = attributes.first(where: {
                ModelRelation.attributes.contains($0.attributeName.trimmedDescription)
            }) {
                guard let read = readRelation(relation, variable, context) else {
                    failed = true
                    continue
                }
                relations.append(read)
                continue
            }
            let markers = attributes.filter { ["ID", "Column"].contains($0.attributeName.trimmedDescription) }
            let isKey = markers.contains { $0.attributeName.trimmedDescription == "ID" }
            for binding in variable.bindings {
                guard let pattern = binding.pattern.as(IdentifierPatternSyntax.self) else { continue }
                if let accessors = binding.accessorBlock, isComputed(accessors) {
                    if !markers.isEmpty {
                        context.diagnose(Diagnostic(node: markers[0], message: ModelDiagnostic.computedColumn))
                        failed = true
                    }
                    continue
                }
                if variable.bindingSpecifier.tokenKind == .keyword(.let), binding.initializer != nil {
                    context.diagnose(Diagnostic(
                        node: variable.bindingSpecifier, message: ModelDiagnostic.letWithInitialValue,
                        fixIts: [FixIt(
                            message: ModelFixIt(message: "make it 'var'"),
                            changes: [.replace(
                                oldNode: Syntax(variable.bindingSpecifier),
                                newNode: Syntax(variable.bindingSpecifier.with(\.tokenKind, .keyword(.var))))])]))
                    failed = true
                    continue
                }
                guard let annotation = binding.typeAnnotation?.type else {
                    context.diagnose(Diagnostic(node: pattern, message: ModelDiagnostic.missingTypeAnnotation))
                    failed = true
                    continue
                }
                let (wrapped, isOptional) = unwrapOptional(annotation)
                if !isSupported(wrapped) {
                    context.diagnose(Diagnostic(node: annotation, message: ModelDiagnostic.unsupportedType))
                    failed = true
                    continue
                }
                let property = pattern.identifier.text.filter { $0 != "`" }
                var column = ModelColumn(
                    property: property, columnName: property.snakeCased, type: annotation.trimmed,
                    wrappedType: wrapped.trimmed, isOptional: isOptional, initializer: binding.initializer?.value)
                if isKey {
                    keyMarkers.append((markers.first { $0.attributeName.trimmedDescription == "ID" }!, isOptional))
                    column.isPrimaryKey = true
                }
                for marker in markers where !apply(marker, to: &column, context) { failed = true }
                if column.isWritable && !column.defaultNow, let marker = markers.first {
                    context.diagnose(Diagnostic(node: marker, message: ModelDiagnostic.writableWithoutStamp))
                    failed = true
                }
                columns.append(column)
            }
        }
        if keyMarkers.count > 1 {
            for (marker, isOptional) in keyMarkers where isOptional {
                context.diagnose(Diagnostic(node: marker, message: ModelDiagnostic.optionalCompositeKeyPart))
                failed = true
            }
        }
        return failed ? nil : (columns, relations)
    }

    /// A relation property, its shape checked against its attribute; the
    /// relation macro itself reports a missing optional or a 'let'.
    private static func readRelation(
        _ attribute: AttributeSyntax, _ variable: VariableDeclSyntax, _ context: some MacroExpansionContext
    ) -> ModelRelation? {
        let name = attribute.attributeName.trimmedDescription
        guard let binding = variable.bindings.first, let pattern = binding.pattern.as(IdentifierPatternSyntax.self),
            let wrapped = binding.typeAnnotation?.type.as(OptionalTypeSyntax.self)?.wrappedType
        else { return nil }
        let arguments = attribute.arguments?.as(LabeledExprListSyntax.self)
        var target: String?
        switch name {
        case "MorphTo":
            let spelled = wrapped.trimmedDescription.filter { $0 != " " }
            guard spelled == "(anyModel)" || spelled == "(anyQuarry.Model)" else {
                context.diagnose(Diagnostic(node: wrapped, message: RelationDiagnostic.notOptional(name)))
                return nil
            }
            if (arguments?.count ?? 0) < 3 {
                context.diagnose(Diagnostic(
                    node: attribute,
                    message: RelationDiagnostic.missingArgument("@MorphTo needs type:, id: and at least one target model")))
                return nil
            }
        case "HasMany", "ManyToMany", "MorphMany":
            guard let array = wrapped.as(ArrayTypeSyntax.self) else {
                context.diagnose(Diagnostic(node: wrapped, message: RelationDiagnostic.notOptional(name)))
                return nil
            }
            target = array.element.trimmedDescription
        default:
            if wrapped.is(ArrayTypeSyntax.self) {
                context.diagnose(Diagnostic(
                    node: wrapped,
                    message: RelationDiagnostic.wrongShape("@\(name) holds one model; use @HasMany or @ManyToMany for an array")))
                return nil
            }
            target = wrapped.trimmedDescription
        }
        if ["HasOne", "HasMany"].contains(name), arguments?.first?.label != nil || arguments?.isEmpty ?? true {
            context.diagnose(Diagnostic(
                node: attribute,
                message: RelationDiagnostic.missingArgument(
                    "@\(name) needs the foreign key on the other model: @\(name)(\\\(target ?? "Target").ownerID)")))
            return nil
        }
        return ModelRelation(
            node: attribute, attribute: name, property: pattern.identifier.text.filter { $0 != "`" }, target: target,
            arguments: arguments)
    }

    /// Reads `@Column(…)` / `@ID(…)` options into `column`.
    private static func apply(
        _ marker: AttributeSyntax, to column: inout ModelColumn, _ context: some MacroExpansionContext
    ) -> Bool {
        guard let arguments = marker.arguments?.as(LabeledExprListSyntax.self) else { return true }
        var ok = true
        for argument in arguments {
            let expression = argument.expression
            if let member = expression.as(MemberAccessExprSyntax.self), member.base == nil {
                switch member.declName.baseName.text {
                case "unique": column.isUnique = true
                case "indexed": column.isIndexed = true
                case "defaultNow": column.defaultNow = true
                case "writable": column.isWritable = true
                case "email":
                    guard column.wrapped == "String" else {
                        context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.maxLengthOnNonText))
                        ok = false
                        continue
                    }
                    column.rules.append("email: true")
                default:
                    context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.unknownOption))
                    ok = false
                }
                continue
            }
            if let call = expression.as(FunctionCallExprSyntax.self),
                let member = call.calledExpression.as(MemberAccessExprSyntax.self), member.base == nil,
                member.declName.baseName.text == "references"
            {
                guard let target = call.arguments.first, target.label == nil,
                    let metatype = target.expression.as(MemberAccessExprSyntax.self),
                    metatype.declName.baseName.text == "self", metatype.base != nil
                else {
                    context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.invalidOptionArgument))
                    ok = false
                    continue
                }
                let action = call.arguments.first { $0.label?.text == "onDelete" }?.expression.trimmedDescription
                column.references = "Quarry.ForeignKey(\(metatype.trimmedDescription)"
                    + (action.map { ", onDelete: \($0)" } ?? "") + ")"
                continue
            }
            guard let call = expression.as(FunctionCallExprSyntax.self),
                let member = call.calledExpression.as(MemberAccessExprSyntax.self), member.base == nil,
                let value = call.arguments.first?.expression
            else {
                context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.unknownOption))
                ok = false
                continue
            }
            switch member.declName.baseName.text {
            case "maxLength", "minLength":
                guard let number = value.as(IntegerLiteralExprSyntax.self) else {
                    context.diagnose(Diagnostic(node: value, message: ModelDiagnostic.invalidOptionArgument))
                    ok = false
                    continue
                }
                guard column.wrapped == "String" else {
                    context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.maxLengthOnNonText))
                    ok = false
                    continue
                }
                let name = member.declName.baseName.text
                if name == "maxLength" { column.maxLength = number.literal.text }
                column.rules.append("\(name): \(number.literal.text)")
            case "range":
                guard ModelColumn.numericTypes.contains(column.wrapped) else {
                    context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.rangeOnNonNumber))
                    ok = false
                    continue
                }
                column.rules.append("range: \(value.trimmedDescription)")
            case "pattern":
                guard let pattern = value.as(StringLiteralExprSyntax.self), pattern.representedLiteralValue != nil else {
                    context.diagnose(Diagnostic(node: value, message: ModelDiagnostic.invalidOptionArgument))
                    ok = false
                    continue
                }
                guard column.wrapped == "String" else {
                    context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.maxLengthOnNonText))
                    ok = false
                    continue
                }
                column.rules.append("pattern: \(pattern.trimmedDescription)")
            case "defaultSQL":
                guard let text = value.as(StringLiteralExprSyntax.self)?.representedLiteralValue, !text.isEmpty else {
                    context.diagnose(Diagnostic(node: value, message: ModelDiagnostic.invalidOptionArgument))
                    ok = false
                    continue
                }
                column.defaultSQL = text
            case "name", "comment":
                guard let text = value.as(StringLiteralExprSyntax.self)?.representedLiteralValue, !text.isEmpty else {
                    context.diagnose(Diagnostic(node: value, message: ModelDiagnostic.invalidOptionArgument))
                    ok = false
                    continue
                }
                if member.declName.baseName.text == "name" { column.columnName = text } else { column.comment = text }
            default:
                context.diagnose(Diagnostic(node: expression, message: ModelDiagnostic.unknownOption))
                ok = false
            }
        }
        return ok
    }

    /// Whether the accessors compute the value (a getter) rather than observe a stored one.
    static func isComputed(_ accessors: AccessorBlockSyntax) -> Bool {
        switch accessors.accessors {
        case .getter: return true
        case .accessors(let list):
            return list.contains { [.keyword(.get), .keyword(._read)].contains($0.accessorSpecifier.tokenKind) }
        }
    }

    /// `T?`, `T!` and `Optional<T>` → (`T`, true).
    private static func unwrapOptional(_ type: TypeSyntax) -> (TypeSyntax, Bool) {
        if let optional = type.as(OptionalTypeSyntax.self) { return (optional.wrappedType, true) }
        if let implicit = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) { return (implicit.wrappedType, true) }
        if let identifier = type.as(IdentifierTypeSyntax.self), identifier.name.text == "Optional",
            let argument = identifier.genericArgumentClause?.arguments.first,
            case .type(let wrapped) = argument.argument
        {
            return (wrapped, true)
        }
        return (type, false)
    }

    /// Types that can never be a column, recognisable from syntax alone:
    /// tuples, functions, dictionaries, arrays other than `[UInt8]`,
    /// optionals of optionals, existentials.
    private static func isSupported(_ type: TypeSyntax) -> Bool {
        if type.is(TupleTypeSyntax.self) || type.is(FunctionTypeSyntax.self) || type.is(DictionaryTypeSyntax.self)
            || type.is(OptionalTypeSyntax.self) || type.is(SomeOrAnyTypeSyntax.self)
        {
            return false
        }
        if let array = type.as(ArrayTypeSyntax.self) { return array.element.trimmedDescription == "UInt8" }
        return true
    }
}
