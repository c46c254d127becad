import SwiftSyntax
import SwiftSyntaxBuilder

/// One stored property of a `@Model` struct, as the macro understands it.
struct ModelColumn {
    var property: String
    var columnName: String
    /// The property's type as written (`String?`).
    var type: TypeSyntax
    /// The type without its optional (`String`).
    var wrappedType: TypeSyntax
    var isOptional: Bool
    var isPrimaryKey = false
    var isUnique = false
    var isIndexed = false
    var maxLength: String?
    var comment: String?
    var defaultNow = false
    /// `.writable`: a `.defaultNow` column clients may still set.
    var isWritable = false
    var defaultSQL: String?
    /// `Quarry.ForeignKey(…)` source, for `.references`.
    var references: String?
    var initializer: ExprSyntax?
    /// Set by a scope, never by a client: `TenantScoped`'s `tenantID`. Left
    /// out of the `Create` and `Update` DTOs.
    var isScopeFixed = false
    /// DTO validation rules, as `failures.check(…)` argument tails.
    var rules: [String] = []

    /// Types a `.range` rule applies to.
    static let numericTypes: Set<String> = ["Int", "Int64", "Int32", "Int16", "Double", "Float", "Decimal"]

    /// Integer types that auto-increment when the key is optional.
    static let integerTypes: Set<String> = ["Int", "Int64", "Int32", "Int16"]

    var isAutoIncrement: Bool {
        isPrimaryKey && isOptional && Self.integerTypes.contains(wrappedType.trimmedDescription)
    }

    /// The property name as an identifier or enum case, escaped when it is
    /// a Swift keyword.
    var identifier: String { Self.keywords.contains(property) ? "`\(property)`" : property }

    /// The property name as an argument label (labels need no escaping).
    var label: String { property }

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any",
        "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try",
    ]

    var wrapped: String { wrappedType.trimmedDescription }

    /// Stamped on the server (the insert time of a `.defaultNow` column not
    /// declared `.writable`): shown in `Response`, absent from `Create` and
    /// `Update`.
    var isServerStamped: Bool { defaultNow && !isWritable && !isPrimaryKey }

    /// Set by the database, a scope or the server: absent from `Create`.
    var isInCreate: Bool { !isAutoIncrement && !isScopeFixed && !isServerStamped }

    /// Changeable through `Update`.
    var isInUpdate: Bool { !isPrimaryKey && !isScopeFixed && !isServerStamped }

    /// Optional in `Create`: nullable, or defaulted in Swift or the database.
    var isOptionalInCreate: Bool { isOptional || initializer != nil || defaultNow || defaultSQL != nil }

    /// The `ColumnSchema(…)` expression.
    var schemaExpression: String {
        var arguments = ["\(literal(columnName))"]
        if let maxLength {
            arguments.append("type: Quarry.ColumnType.text(maxLength: \(maxLength))")
        } else {
            arguments.append("type: \(wrappedType.trimmedDescription).columnType")
        }
        if isOptional && !isPrimaryKey { arguments.append("isNullable: true") }
        if isPrimaryKey { arguments.append("isPrimaryKey: true") }
        if isAutoIncrement { arguments.append("isAutoIncrement: true") }
        if isUnique { arguments.append("isUnique: true") }
        if isIndexed { arguments.append("isIndexed: true") }
        if defaultNow {
            arguments.append("defaultValue: .currentTimestamp")
        } else if let defaultSQL {
            arguments.append("defaultValue: .expression(\(literal(defaultSQL)))")
        } else if let initializer, !isOptional, !isPrimaryKey {
            arguments.append("defaultValue: .portable((\(initializer.trimmedDescription)) as \(type.trimmedDescription))")
        }
        if let comment { arguments.append("comment: \(literal(comment))") }
        if let references { arguments.append("references: \(references)") }
        return "Quarry.ColumnSchema(\(arguments.joined(separator: ", ")))"
    }

    private func literal(_ text: String) -> String {
        StringLiteralExprSyntax(content: text).description
    }
}

extension String {
    /// `createdAt` → `created_at`, `userID` → `user_id`, `URLString` → `url_string`.
    var snakeCased: String {
        let characters = Array(self)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase && index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}
