import Quarry

// JSON paths with json1: a path string (`$."a"[0]`) bound as a value;
// containment expanded into the same answers PostgreSQL's `@>` gives —
// objects contain their sub-objects, arrays contain their elements
// (checked with json_each), scalars equal by type and value.
extension SQLiteDialect {
    /// `$."key"[index]…` (keys quoted; a key with `"` cannot be expressed
    /// in SQLite's path syntax and matches nothing).
    static func pathString(_ path: [String]) -> String {
        path.reduce("$") { text, component in
            if !component.isEmpty, component.allSatisfy(\.isASCII), component.allSatisfy(\.isNumber) {
                return text + "[\(component)]"
            }
            return text + ".\"" + component + "\""
        }
    }

    private func typeOf(_ document: SQL, _ path: String) -> SQL {
        "json_type(" + document + ", \(path))"
    }

    public func jsonExtract(_ document: SQL, path: [String], as kind: JSONValueKind) -> SQL {
        let path = Self.pathString(path)
        let type = typeOf(document, path)
        let value: SQL = "json_extract(" + document + ", \(path))"
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
        "(" + typeOf(document, Self.pathString(path)) + " IS NOT NULL)"
    }

    public func jsonContains(_ document: SQL, path: [String], _ value: JSON) -> SQL {
        contains(document, Self.pathString(path), value, depth: 0)
    }

    private func contains(_ document: SQL, _ path: String, _ value: JSON, depth: Int) -> SQL {
        let type = typeOf(document, path)
        let extracted: SQL = "json_extract(" + document + ", \(path))"
        switch value {
        case .object(let fields):
            let parts = [("(" + type + " = 'object')") as SQL] + fields.keys.sorted().map { key in
                contains(document, path + ".\"" + key + "\"", fields[key]!, depth: depth)
            }
            return "(" + SQL.join(parts, separator: " AND ") + ")"
        case .array(let elements):
            let alias = "quarry_each\(depth)"
            let parts = [("(" + type + " = 'array')") as SQL] + elements.map { element in
                "EXISTS (SELECT 1 FROM json_each(" + document + ", \(path)) AS \(unsafeRaw: alias) WHERE "
                    + contains(SQL(stringLiteral: "json_quote(\(alias).value)"), "$", element, depth: depth + 1)
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
        }
    }
}
