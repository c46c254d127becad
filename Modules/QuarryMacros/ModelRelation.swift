import SwiftSyntax

/// One relation property of a `@Model` struct (`@BelongsTo var author: Author?`).
struct ModelRelation {
    /// The relation attributes, by name.
    static let attributes: Set<String> = ["BelongsTo", "HasOne", "HasMany", "ManyToMany", "MorphMany", "MorphTo"]

    let node: AttributeSyntax
    let attribute: String
    let property: String
    /// The related model (`Author` for `Author?`, `Post` for `[Post]?`);
    /// `nil` for morph-to.
    let target: String?
    /// The attribute's arguments as written.
    let arguments: LabeledExprListSyntax?

    var identifier: String { ModelColumn.keywords.contains(property) ? "`\(property)`" : property }
    var isToMany: Bool { ["HasMany", "ManyToMany", "MorphMany"].contains(attribute) }

    /// The argument labelled `label` (`nil`: the first unlabelled one).
    func argument(_ label: String?) -> String? {
        arguments?.first { $0.label?.text == label }?.expression.trimmedDescription
    }

    /// The unlabelled arguments: the foreign-key key paths (several for a
    /// composite key).
    var foreignKeyArguments: [String] {
        arguments?.filter { $0.label == nil }.map(\.expression.trimmedDescription) ?? []
    }

    /// `Quarry.Relationship.…(…)` for the model named `model`;
    /// `foreignKey` is the inferred key path of a belongs-to without one.
    func factory(model: String, foreignKey: String?) -> String {
        let name = "\"\(property)\""
        let target = target ?? ""
        switch attribute {
        case "BelongsTo" where foreignKeyArguments.count > 1:
            return ".belongsTo(\(name), foreignKeys: [\(foreignKeyArguments.joined(separator: ", "))], target: \(target).self)"
        case "BelongsTo":
            return ".belongsTo(\(name), foreignKey: \(argument(nil) ?? foreignKey ?? ""), target: \(target).self)"
        case "HasOne", "HasMany":
            let kind = attribute == "HasOne" ? "hasOne" : "hasMany"
            if foreignKeyArguments.count > 1 {
                return ".\(kind)(\(name), parent: \(model).self, foreignKeys: [\(foreignKeyArguments.joined(separator: ", "))])"
            }
            return ".\(kind)(\(name), parent: \(model).self, foreignKey: \(argument(nil) ?? ""))"
        case "ManyToMany":
            var call = ".manyToMany(\(name), parent: \(model).self, target: \(target).self, through: \(argument("through") ?? "")"
            if let from = argument("from") { call += ", from: \(from)" }
            if let to = argument("to") { call += ", to: \(to)" }
            return call + ")"
        case "MorphMany":
            return ".morphMany(\(name), parent: \(model).self, type: \(argument("type") ?? ""), id: \(argument("id") ?? ""))"
        default:
            let targets = arguments?.filter { $0.label == nil }
                .map(\.expression.trimmedDescription) ?? []
            return ".morphTo(\(name), type: \(argument("type") ?? ""), id: \(argument("id") ?? ""), targets: [\(targets.joined(separator: ", "))])"
        }
    }
}
