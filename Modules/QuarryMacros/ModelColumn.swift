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
    var initializer: ExprSyntax?

    /// Integer types that auto-increment when the key is optional.
    static let integerTypes: Set<String> = ["Int", "Int64", "Int32", "Int16"]

    var isAutoIncrement: Bool {
        isPrimaryKey && isOptional && Self.integerTypes.contains(wrappedType.trimmedDescription)
    }

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
        } else if let initializer, !isOptional, !isPrimaryKey {
            arguments.append("defaultValue: .portable((\(initializer.trimmedDescription)) as \(type.trimmedDescription))")
        }
        if let comment { arguments.append("comment: \(literal(comment))") }
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

extension String {
    /// ``snakeCased``, visible to the macro tests.
    public var snakeCasedForTesting: String { snakeCased }
}
