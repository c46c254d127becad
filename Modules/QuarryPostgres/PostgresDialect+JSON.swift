import Quarry

// JSON paths on jsonb: path components are binds passed to
// jsonb_extract_path(_text), containment is `@>`.
extension PostgresDialect {
    private func pathArguments(_ path: [String]) -> SQL {
        SQL.join(path.map { "\($0)::text" as SQL }, separator: ", ")
    }

    private func extract(_ document: SQL, _ path: [String], text: Bool) -> SQL {
        guard !path.isEmpty else { return text ? "(" + document + " #>> '{}')" : document }
        return SQL(stringLiteral: text ? "jsonb_extract_path_text(" : "jsonb_extract_path(") + document + ", "
            + pathArguments(path) + ")"
    }

    public func jsonExtract(_ document: SQL, path: [String], as kind: JSONValueKind) -> SQL {
        switch kind {
        case .text:
            return extract(document, path, text: true)
        case .number:
            return "(CASE WHEN jsonb_typeof(" + extract(document, path, text: false) + ") = 'number' THEN CAST("
                + extract(document, path, text: true) + " AS DOUBLE PRECISION) END)"
        case .bool:
            return "(CASE WHEN jsonb_typeof(" + extract(document, path, text: false) + ") = 'boolean' THEN CAST("
                + extract(document, path, text: true) + " AS BOOLEAN) END)"
        }
    }

    public func jsonExists(_ document: SQL, path: [String]) -> SQL {
        "(" + extract(document, path, text: false) + " IS NOT NULL)"
    }

    public func jsonContains(_ document: SQL, path: [String], _ value: JSON) -> SQL {
        "(" + extract(document, path, text: false) + " @> \(SQLValue.json(value)))"
    }
}
