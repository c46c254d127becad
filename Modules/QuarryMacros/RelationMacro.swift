import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@BelongsTo`, `@HasOne`, `@HasMany`, `@ManyToMany`, `@MorphMany`,
/// `@MorphTo`: turn `var author: Author?` into a computed property over a
/// `Quarry.Related<Author>` stored in `_author`, so that "not loaded" and
/// "loaded, none" stay apart and a model may relate to itself. `@Model`
/// reads the same attributes to describe the relation.
public struct RelationMacro: AccessorMacro, PeerMacro {
    public static func expansion(
        of node: AttributeSyntax, providingAccessorsOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [AccessorDeclSyntax] {
        guard let (name, _) = storage(node, declaration, context: context, report: false) else { return [] }
        return [
            "get { _\(raw: name).value }",
            "set { _\(raw: name) = Quarry.Related(loaded: newValue) }",
        ]
    }

    public static func expansion(
        of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let (name, wrapped) = storage(node, declaration, context: context, report: true) else { return [] }
        return ["var _\(raw: name) = Quarry.Related<\(raw: wrapped)>()"]
    }

    /// The property name and the type inside its optional, or `nil` after
    /// a diagnostic (reported once, by the peer expansion).
    private static func storage(
        _ node: AttributeSyntax, _ declaration: some DeclSyntaxProtocol, context: some MacroExpansionContext,
        report: Bool
    ) -> (String, String)? {
        let context: (some MacroExpansionContext)? = report ? context : nil
        guard let variable = declaration.as(VariableDeclSyntax.self), variable.bindings.count == 1,
            let binding = variable.bindings.first,
            let pattern = binding.pattern.as(IdentifierPatternSyntax.self)
        else {
            context?.diagnose(Diagnostic(node: node, message: RelationDiagnostic.notAProperty))
            return nil
        }
        guard variable.bindingSpecifier.tokenKind == .keyword(.var) else {
            context?.diagnose(Diagnostic(node: variable.bindingSpecifier, message: RelationDiagnostic.notVar))
            return nil
        }
        if let initializer = binding.initializer {
            context?.diagnose(Diagnostic(node: initializer, message: RelationDiagnostic.initialValue))
            return nil
        }
        guard let wrapped = binding.typeAnnotation?.type.as(OptionalTypeSyntax.self)?.wrappedType else {
            context?.diagnose(Diagnostic(
                node: binding.typeAnnotation.map(Syntax.init) ?? Syntax(pattern),
                message: RelationDiagnostic.notOptional(node.attributeName.trimmedDescription)))
            return nil
        }
        // `(any Model)?` wraps an existential in parentheses; the storage needs none.
        let inner = wrapped.as(TupleTypeSyntax.self).flatMap { $0.elements.count == 1 ? $0.elements.first?.type : nil }
        return (pattern.identifier.text.filter { $0 != "`" }, (inner ?? wrapped).trimmedDescription)
    }
}

/// The errors the relation attributes report.
enum RelationDiagnostic: DiagnosticMessage {
    case notAProperty
    case notVar
    case initialValue
    case notOptional(String)
    case wrongShape(String)
    case missingForeignKey(property: String, model: String)
    case missingArgument(String)

    var message: String {
        switch self {
        case .notAProperty: "a relation attribute applies to one stored 'var' property"
        case .notVar: "a relation is loaded after the row: make it 'var'"
        case .initialValue: "a relation starts not loaded: remove the initial value"
        case .notOptional(let attribute):
            ["HasMany", "ManyToMany", "MorphMany"].contains(attribute)
                ? "@\(attribute) needs an optional array ('[Post]?'): nil means not loaded"
                : attribute == "MorphTo"
                    ? "@MorphTo needs the type '(any Model)?'"
                    : "@\(attribute) needs an optional model ('Author?'): nil means not loaded or none"
        case .wrongShape(let message): message
        case .missingForeignKey(let property, let model):
            "no column '\(property)ID' holds this relation's key: add one, or name it with @BelongsTo(\\\(model).column)"
        case .missingArgument(let message): message
        }
    }

    var diagnosticID: MessageID {
        let id: String
        switch self {
        case .notAProperty: id = "notAProperty"
        case .notVar: id = "notVar"
        case .initialValue: id = "initialValue"
        case .notOptional: id = "notOptional"
        case .wrongShape: id = "wrongShape"
        case .missingForeignKey: id = "missingForeignKey"
        case .missingArgument: id = "missingArgument"
        }
        return MessageID(domain: "QuarryMacros", id: id)
    }

    var severity: DiagnosticSeverity { .error }
}
