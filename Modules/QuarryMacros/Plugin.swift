import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that serves Quarry's macros.
@main
struct QuarryMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [
        ModelMacro.self,
        ViewMacro.self,
        ColumnMarkerMacro.self,
        RelationMacro.self,
    ]
}
