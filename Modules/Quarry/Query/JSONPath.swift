/// What a JSON path extraction reads the value as.
public enum JSONValueKind: Sendable, Hashable {
    /// Scalars as text (`"3"`, `"true"`, the string itself); `NULL` for JSON null.
    case text
    /// Numbers; `NULL` for anything else.
    case number
    /// Booleans; `NULL` for anything else.
    case bool
}

/// A path into a JSON column (`$0.attributes["size"]["unit"]`), compiled to
/// jsonb operators on PostgreSQL and json1 functions on SQLite with the same
/// answers on both. Path components are binds and mean exactly themselves,
/// whatever characters they hold (quotes, dots, backslashes); a component
/// made only of digits indexes an array and names an object's key, as
/// PostgreSQL's `jsonb_extract_path` reads it. A NUL in a key or a contained
/// value is ``QuarryError/invalidArgument(name:reason:)`` naming the column.
///
/// ```swift
/// let red = try await Product.filter { $0.attributes["color"].text == "red" }.all(on: db)
/// let big = try await Product.filter { $0.attributes["size"].number > 10 }.all(on: db)
/// let tagged = try await Product.filter { $0.attributes["tags"].contains(["sale"]) }.all(on: db)
/// let described = try await Product.filter { $0.attributes["description"].exists }.all(on: db)
/// ```
public struct JSONPath: Sendable {
    let document: ExpressionNode
    let path: [String]

    /// A key further in.
    public subscript(key: String) -> JSONPath { JSONPath(document: document, path: path + [key]) }

    /// An array element further in.
    public subscript(index: Int) -> JSONPath { JSONPath(document: document, path: path + [String(index)]) }

    /// The value as text (JSON null reads as `NULL`).
    public var text: SQLExpression<String?> { SQLExpression(.jsonExtract(document, path, .text)) }

    /// The value as a number (`NULL` when it is not one).
    public var number: SQLExpression<Double?> { SQLExpression(.jsonExtract(document, path, .number)) }

    /// The value as a boolean (`NULL` when it is not one).
    public var bool: SQLExpression<Bool?> { SQLExpression(.jsonExtract(document, path, .bool)) }

    /// The path exists (its value may be JSON null).
    public var exists: Condition { Condition(.jsonExists(document, path)) }

    /// The value at the path contains `json` (PostgreSQL's `@>`: objects
    /// contain their sub-objects, arrays contain their elements).
    public func contains(_ json: JSON) -> Condition { Condition(.jsonContains(document, path, json)) }

    /// The array at the path has `element` among its elements.
    public func arrayContains(_ element: JSON) -> Condition { contains(.array([element])) }
}

extension QueryExpression where Value == JSON {
    /// A key of this JSON column.
    public subscript(key: String) -> JSONPath { JSONPath(document: node, path: [key]) }
    /// An element of this JSON array column.
    public subscript(index: Int) -> JSONPath { JSONPath(document: node, path: [String(index)]) }
    /// The document contains `json` (`@>`).
    public func contains(_ json: JSON) -> Condition { Condition(.jsonContains(node, [], json)) }
    /// The document has the top-level key `key`.
    public func hasKey(_ key: String) -> Condition { Condition(.jsonExists(node, [key])) }
}

extension QueryExpression where Value == JSON? {
    /// A key of this JSON column.
    public subscript(key: String) -> JSONPath { JSONPath(document: node, path: [key]) }
    /// An element of this JSON array column.
    public subscript(index: Int) -> JSONPath { JSONPath(document: node, path: [String(index)]) }
    /// The document contains `json` (`@>`).
    public func contains(_ json: JSON) -> Condition { Condition(.jsonContains(node, [], json)) }
    /// The document has the top-level key `key`.
    public func hasKey(_ key: String) -> Condition { Condition(.jsonExists(node, [key])) }
}
