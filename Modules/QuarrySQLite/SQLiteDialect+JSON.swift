import Foundation
import Quarry

// JSON paths with json1, giving the answers PostgreSQL's jsonb gives for any
// key. A key SQLite's path syntax can spell exactly (`$."name"`) goes into a
// bound path string; any other key — one with `"`, `\` or a control
// character, or one made of digits (an object key on objects, an index on
// arrays, as in jsonb_extract_path) — is looked up with json_each, which
// compares keys unescaped. Containment is expanded into the answers of
// PostgreSQL's `@>`: objects contain their sub-objects, arrays contain their
// elements (checked with json_each), scalars equal by type and value.
extension SQLiteDialect {
    /// A place in a JSON document: `path` (a json1 path, bound) inside
    /// `document` (an SQL expression of JSON text).
    struct JSONLocation {
        var document: SQL
        var path: String

        /// The member `key` of this place: an object's member, or an
        /// array's element when `key` is made of digits.
        func member(_ key: String) -> JSONLocation {
            if SQLiteDialect.isPathSafe(key) {
                return JSONLocation(document: document, path: path + ".\"" + key + "\"")
            }
            // The member's value as JSON text, found by its unescaped key.
            let value: SQL = "(SELECT " + SQLiteDialect.jsonText(of: nil) + " FROM json_each(" + document
                + ", \(path)) WHERE CAST(key AS TEXT) = \(key))"
            return JSONLocation(document: value, path: "$")
        }
    }

    /// A json_each row's value as JSON text (`value` alone reads `true` as 1).
    static func jsonText(of alias: String?) -> SQL {
        let column = alias.map { $0 + "." } ?? ""
        return SQL(stringLiteral: "CASE \(column)type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' "
            + "WHEN 'object' THEN \(column)value WHEN 'array' THEN \(column)value ELSE json_quote(\(column)value) END")
    }

    /// Whether `key` can be spelled inside `$."…"` and mean exactly itself.
    static func isPathSafe(_ key: String) -> Bool {
        let bytes = key.utf8
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return false }
        return !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0x7F }
    }

    static func location(_ document: SQL, _ path: [String]) -> JSONLocation {
        path.reduce(JSONLocation(document: document, path: "$")) { $0.member($1) }
    }

    private func typeOf(_ location: JSONLocation) -> SQL {
        "json_type(" + location.document + ", \(location.path))"
    }

    private func valueOf(_ location: JSONLocation) -> SQL {
        "json_extract(" + location.document + ", \(location.path))"
    }

    public func jsonExtract(_ document: SQL, path: [String], as kind: JSONValueKind) -> SQL {
        let location = Self.location(document, path)
        let type = typeOf(location)
        let value = valueOf(location)
        switch kind {
        case .text:
            return "(CASE " + type + " WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL "
                + "WHEN 'object' THEN json(" + value + ") WHEN 'array' THEN json(" + value + ") ELSE CAST(" + value
                + " AS TEXT) END)"
        case .number:
            return "(CASE WHEN " + type + " IN ('integer', 'real') THEN CAST(" + value + " AS REAL) END)"
        case .bool:
            return "(CASE " + type + " WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)"
        }
    }

    public func jsonExists(_ document: SQL, path: [String]) -> SQL {
        "(" + typeOf(Self.location(document, path)) + " IS NOT NULL)"
    }

    /// As `jsonb_extract_path(document, path) @> value`: unknown (NULL) only
    /// when nothing is at the path, otherwise true or false — never the
    /// NULL a missing nested member would give json_type, which `NOT` would
    /// keep unknown.
    public func jsonContains(_ document: SQL, path: [String], _ value: JSON) -> SQL {
        let location = Self.location(document, path)
        return "(CASE WHEN " + typeOf(location) + " IS NULL THEN NULL ELSE COALESCE(" + contains(location, value, depth: 0)
            + ", 0) END)"
    }

    private func contains(_ location: JSONLocation, _ value: JSON, depth: Int) -> SQL {
        let type = typeOf(location)
        let extracted = valueOf(location)
        switch value {
        case .object(let fields):
            let parts = [("(" + type + " = 'object')") as SQL] + fields.keys.sorted().map { key in
                contains(location.member(key), fields[key]!, depth: depth)
            }
            return "(" + SQL.join(parts, separator: " AND ") + ")"
        case .array(let elements):
            let alias = "quarry_each\(depth)"
            let element = JSONLocation(document: "(" + Self.jsonText(of: alias) + ")", path: "$")
            let parts = [("(" + type + " = 'array')") as SQL] + elements.map { wanted in
                "EXISTS (SELECT 1 FROM json_each(" + location.document + ", \(location.path)) AS \(unsafeRaw: alias) WHERE "
                    + contains(element, wanted, depth: depth + 1)
                    + ")"
            }
            return "(" + SQL.join(parts, separator: " AND ") + ")"
        case .null:
            return "(" + type + " = 'null')"
        case .bool(let flag):
            return "(" + type + SQL(stringLiteral: flag ? " = 'true')" : " = 'false')")
        case .string(let text):
            return "(" + type + " = 'text' AND " + extracted + " = \(text))"
        case .int(let number):
            return "(" + type + " IN ('integer', 'real') AND " + extracted + " = \(number))"
        case .double(let number):
            return "(" + type + " IN ('integer', 'real') AND " + extracted + " = \(number))"
        case .decimal(let number):
            // json1 reads integers past 64 bits as reals: compared as reals, as its own paths do.
            return "(" + type + " IN ('integer', 'real') AND " + extracted + " = CAST(\(number.description) AS REAL))"
        }
    }
}
