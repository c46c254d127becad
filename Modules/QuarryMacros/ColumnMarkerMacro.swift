import SwiftSyntax
import SwiftSyntaxMacros

/// `@ID` and `@Column(...)`: markers that `@Model` reads; they expand to
/// nothing themselves.
public struct ColumnMarkerMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        []
    }
}
