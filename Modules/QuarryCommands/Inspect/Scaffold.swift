import Foundation
import Quarry
import QuarryMigrations

/// A new model from a command line: its `@Model` source, the migration
/// creating its table, and a CRUD router file.
///
/// Fields are `name:type`, a `?` after the type for a nullable column,
/// then modifiers: `unique`, `index`, `max=N` (text length), `now` (a
/// timestamp the database fills), `ref=Model` (a foreign key to Model's
/// table, cascading on delete). Types: string, text, int, int64, double,
/// bool, date, uuid, decimal, json, data.
///
/// ```swift
/// let scaffold = try Scaffold(model: "Article", fields: ["title:string:max=200", "authorID:int64:ref=Author", "publishedAt:date?"])
/// print(scaffold.modelSource)
/// ```
public struct Scaffold: Sendable {
    struct Field: Sendable {
        var name: String
        var type: String
        var columnType: ColumnType
        var isNullable: Bool
        var isUnique = false
        var isIndexed = false
        var fillsWithNow = false
        var reference: String?
    }

    public let model: String
    public let table: String
    let fields: [Field]

    /// - Throws: `QuarryError/invalidArgument(name:reason:)` naming the bad model name or field.
    public init(model: String, fields specs: [String]) throws {
        guard let first = model.first, first.isUppercase, model.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw QuarryError.invalidArgument(name: "MODEL", reason: "\"\(model)\" must be a Swift type name: letters and digits, starting upper-case")
        }
        self.model = model
        table = Self.tableName(for: model)
        fields = try specs.map(Self.parse)
        let names = fields.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw QuarryError.invalidArgument(name: duplicate, reason: "is given twice")
        }
        if names.contains("id") { throw QuarryError.invalidArgument(name: "id", reason: "is added by scaffold (an auto-increment key)") }
    }

    /// `Article` → `articles`, `BlogEntry` → `blog_entries` (as `@Model` names tables).
    public static func tableName(for model: String) -> String {
        let snake = ModelSourceGenerator.snakeCased(model)
        if snake.hasSuffix("y"), let before = snake.dropLast().last, !"aeiou".contains(before) { return snake.dropLast() + "ies" }
        if snake.hasSuffix("s") || snake.hasSuffix("x") || snake.hasSuffix("ch") || snake.hasSuffix("sh") { return snake + "es" }
        return snake + "s"
    }

    /// The model's Swift source.
    public var modelSource: String {
        var lines = [
            "import Foundation", "import Quarry", "", "@Model(table: \"\(table)\")", "struct \(model) {", "    @ID var id: Int64?",
        ]
        for field in fields {
            var options: [String] = []
            if field.isUnique { options.append(".unique") }
            // A unique index serves lookups too: no second one.
            if field.isIndexed && !field.isUnique { options.append(".indexed") }
            if case .text(let maxLength?) = field.columnType { options.append(".maxLength(\(maxLength))") }
            if field.fillsWithNow { options.append(".defaultNow") }
            if let reference = field.reference { options.append(".references(\(reference).self, onDelete: .cascade)") }
            let attribute = options.isEmpty ? "" : "@Column(\(options.joined(separator: ", "))) "
            lines.append("    \(attribute)var \(field.name): \(field.type)\(field.isNullable || field.fillsWithNow ? "?" : "")")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table the migration creates.
    public var tableDefinition: TableDefinition {
        var columns = [ColumnDefinition("id", type: .int64, isAutoIncrement: true)]
        var indexes: [IndexDefinition] = []
        var foreignKeys: [ForeignKeyDefinition] = []
        for field in fields {
            let column = ModelSourceGenerator.snakeCased(field.name)
            columns.append(ColumnDefinition(
                column, type: field.columnType, isNullable: field.isNullable || field.fillsWithNow,
                default: field.fillsWithNow ? .currentTimestamp : nil))
            // Named as @Model names them (TableDefinition(model:)), so that the
            // migration and the model agree: a unique column needs no second index.
            if field.isUnique {
                indexes.append(IndexDefinition(GeneratedName.make("uq", table: table, [column]), columns: [column], isUnique: true))
            } else if field.isIndexed {
                indexes.append(IndexDefinition(GeneratedName.make("ix", table: table, [column]), columns: [column]))
            }
            if let reference = field.reference {
                foreignKeys.append(ForeignKeyDefinition(
                    GeneratedName.make("fk", table: table, [column]), columns: [column], references: Self.tableName(for: reference),
                    ["id"], onDelete: .cascade))
            }
        }
        return TableDefinition(table, columns: columns, primaryKey: ["id"], indexes: indexes, foreignKeys: foreignKeys)
    }

    /// The migration's Swift source, named `name`.
    public func migrationSource(name: String) throws -> String {
        MigrationWriter.source(name: name, diff: try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(tables: [tableDefinition])))
    }

    /// A file registering the model's CRUD routes (QuarryHummingbird).
    public var routesSource: String {
        let path = table.replacingOccurrences(of: "_", with: "-")
        var filters = ""
        for field in fields where ["String", "Int", "Int64", "Double", "Bool", "UUID"].contains(field.type) {
            filters += "\n        .filterable(\"\(field.name)\", \\.\(field.name))"
        }
        // The generated file's imports, built from names (an `import` line in a
        // string literal would read as this module's own to ci/check-layers).
        let imports = ["Hummingbird", "Quarry", "QuarryHummingbird"].map { "import \($0)" }.joined(separator: "\n")
        return """
            \(imports)

            /// The /\(path) routes: a cursor-paged list with filters, get, create, update and delete.
            func add\(model)Routes<Context: QuarryRequestContext>(to router: Router<Context>, cursorSecret: [UInt8]) throws {
                try CRUDRouter(\(model).self, path: "\(path)", cursorSecret: cursorSecret, context: Context.self)\(filters)
                    .register(on: router)
            }

            """
    }

    private static func parse(_ spec: String) throws -> Field {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let name = parts.first, let first = name.first, first.isLowercase,
              name.allSatisfy({ $0.isLetter || $0.isNumber })
        else {
            throw QuarryError.invalidArgument(name: spec, reason: "a field is name:type[?][:modifier…], the name starting lower-case")
        }
        guard !swiftKeywords.contains(name) else {
            throw QuarryError.invalidArgument(
                name: name, reason: "is a Swift keyword and cannot name a property: choose another name (\(name)Value, say)")
        }
        var typeName = parts[1]
        let isNullable = typeName.hasSuffix("?")
        if isNullable { typeName.removeLast() }
        let types: [String: (String, ColumnType)] = [
            "string": ("String", .text(maxLength: 255)), "text": ("String", .text(maxLength: nil)), "int": ("Int", .int64),
            "int64": ("Int64", .int64), "double": ("Double", .double), "bool": ("Bool", .bool), "date": ("Date", .date),
            "uuid": ("UUID", .uuid), "decimal": ("Decimal", .decimal), "json": ("JSON", .json), "data": ("Data", .blob),
        ]
        guard let (swiftType, columnType) = types[typeName] else {
            throw QuarryError.invalidArgument(name: name, reason: "unknown type \"\(typeName)\" (one of \(types.keys.sorted().joined(separator: ", ")))")
        }
        var field = Field(name: name, type: swiftType, columnType: columnType, isNullable: isNullable)
        for modifier in parts.dropFirst(2) {
            switch modifier {
            case "unique": field.isUnique = true
            case "index": field.isIndexed = true
            case "now":
                guard swiftType == "Date" else { throw QuarryError.invalidArgument(name: name, reason: "`now` is for date fields") }
                field.fillsWithNow = true
            case let text where text.hasPrefix("max="):
                guard case .text = columnType, let length = Int(text.dropFirst(4)), length > 0 else {
                    throw QuarryError.invalidArgument(name: name, reason: "`max=N` takes a positive length, on string or text fields")
                }
                field.columnType = .text(maxLength: length)
            case let text where text.hasPrefix("ref="):
                let target = String(text.dropFirst(4))
                guard target.first?.isUppercase == true, swiftType == "Int64" || swiftType == "Int" else {
                    throw QuarryError.invalidArgument(name: name, reason: "`ref=Model` names a model, on an int64 field")
                }
                field.reference = target
            default:
                throw QuarryError.invalidArgument(name: name, reason: "unknown modifier \"\(modifier)\" (unique, index, max=N, now, ref=Model)")
            }
        }
        return field
    }
}

/// Words Swift reserves, which a scaffolded property cannot be named
/// (those that start lower-case; the property names do).
private let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "operator", "precedencegroup", "private", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
    "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
    "while", "as", "await", "false", "is", "nil", "self", "super", "throws", "true", "try",
]
