import SwiftSyntax
import SwiftSyntaxMacros

/// `@View`: generates the read-only conformance of a struct over a
/// database view — schema, key, row decoder, typed columns and relations,
/// like `@Model`, but no writes, DTOs or dirty tracking.
public struct ViewMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        ModelMacro.extensions(of: node, attachedTo: declaration, providingExtensionsOf: type, isView: true, in: context)
    }
}
