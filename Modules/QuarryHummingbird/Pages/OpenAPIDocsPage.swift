import Quarry

/// The `/docs` page: an OpenAPI document rendered on the server as plain
/// HTML — every operation with its parameters, request body and responses,
/// every schema with its fields and validation rules — so that it reads
/// offline, in any browser, with no script or stylesheet from a CDN.
///
/// ```swift
/// let html = OpenAPIDocsPage.render(api.json, specURL: "/openapi.json")
/// ```
enum OpenAPIDocsPage {
    /// The page for `document` (an OpenAPI 3.1 document as JSON).
    static func render(_ document: JSON, specURL: String) -> String {
        let title = document["info"]?["title"]?.text ?? "API"
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) — API docs</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>\(escape(title))</h1>
            """
        if let version = document["info"]?["version"]?.text { html += "<p class=\"version\">version \(escape(version))</p>" }
        if let description = document["info"]?["description"]?.text { html += "<p>\(escape(description))</p>" }
        html += "<p>The OpenAPI document: <a href=\"\(escape(specURL))\">\(escape(specURL))</a></p></header>\n"

        let operations = Self.operations(document)
        html += "<nav><h2>Operations</h2><ul>"
        for operation in operations {
            html += "<li><a href=\"#\(escape(operation.anchor))\"><span class=\"method \(operation.method)\">"
                + "\(operation.method.uppercased())</span> <code>\(escape(operation.path))</code></a> \(escape(operation.summary))</li>"
        }
        html += "</ul></nav>\n<main>\n"
        for operation in operations { html += render(operation) }
        if case .object(let schemas)? = document["components"]?["schemas"], !schemas.isEmpty {
            html += "<h2>Schemas</h2>\n"
            for name in schemas.keys.sorted() { html += render(schema: schemas[name]!, named: name) }
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// One operation of the document.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var anchor: String
        var body: JSON
    }

    /// The operations, by path, then in the usual order of methods.
    static func operations(_ document: JSON) -> [Operation] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        let order = ["get", "post", "put", "patch", "delete", "head", "options"]
        var operations: [Operation] = []
        for path in paths.keys.sorted() {
            guard case .object(let methods) = paths[path]! else { continue }
            for method in methods.keys.sorted(by: { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }) {
                let body = methods[method]!
                let id = body["operationId"]?.text ?? "\(method)-\(path)"
                operations.append(Operation(
                    method: method, path: path, summary: body["summary"]?.text ?? "", anchor: "operation-\(id)", body: body))
            }
        }
        return operations
    }

    private static func render(_ operation: Operation) -> String {
        var html = "<section class=\"operation\" id=\"\(escape(operation.anchor))\">\n<h3><span class=\"method \(operation.method)\">"
            + "\(operation.method.uppercased())</span> <code>\(escape(operation.path))</code></h3>\n"
        if !operation.summary.isEmpty { html += "<p>\(escape(operation.summary))</p>\n" }
        if let description = operation.body["description"]?.text { html += "<p>\(escape(description))</p>\n" }
        if case .array(let parameters)? = operation.body["parameters"], !parameters.isEmpty {
            html += "<h4>Parameters</h4>\n<table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr>\n"
            for parameter in parameters {
                let required = parameter["required"] == .bool(true) ? "yes" : ""
                html += "<tr><td><code>\(escape(parameter["name"]?.text ?? ""))</code></td><td>\(escape(parameter["in"]?.text ?? ""))</td>"
                    + "<td>\(typeName(parameter["schema"]))</td><td>\(required)</td>"
                    + "<td>\(escape(parameter["description"]?.text ?? ""))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if let schema = operation.body["requestBody"]?["content"]?["application/json"]?["schema"] {
            html += "<h4>Request body</h4>\n<p>JSON: \(typeName(schema))</p>\n"
        }
        if case .object(let responses)? = operation.body["responses"] {
            html += "<h4>Responses</h4>\n<table><tr><th>status</th><th>description</th><th>body</th></tr>\n"
            for status in responses.keys.sorted() {
                let response = responses[status]!
                let schema = response["content"].flatMap { content -> JSON? in
                    guard case .object(let types) = content else { return nil }
                    return types.keys.sorted().first.flatMap { types[$0]?["schema"] }
                }
                html += "<tr><td>\(escape(status))</td><td>\(escape(response["description"]?.text ?? ""))</td>"
                    + "<td>\(schema.map { typeName($0) } ?? "")</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html + "</section>\n"
    }

    private static func render(schema: JSON, named name: String) -> String {
        var html = "<section class=\"schema\" id=\"schema-\(escape(name))\">\n<h3>\(escape(name))</h3>\n"
        if let description = schema["description"]?.text { html += "<p>\(escape(description))</p>\n" }
        guard case .object(let properties)? = schema["properties"] else {
            return html + "<p>\(typeName(schema))\(rules(of: schema).map { " — \($0)" } ?? "")</p>\n</section>\n"
        }
        var required: Set<String> = []
        if case .array(let names)? = schema["required"] { required = Set(names.compactMap(\.text)) }
        html += "<table><tr><th>field</th><th>type</th><th>required</th><th>rules</th></tr>\n"
        for field in properties.keys.sorted() {
            let property = properties[field]!
            html += "<tr><td><code>\(escape(field))</code></td><td>\(typeName(property))</td>"
                + "<td>\(required.contains(field) ? "yes" : "")</td><td>\(rules(of: property) ?? "")</td></tr>\n"
        }
        return html + "</table>\n</section>\n"
    }

    /// A schema's type as HTML: a link for a reference, `array of …`, `string or null`.
    private static func typeName(_ schema: JSON?) -> String {
        guard let schema else { return "" }
        if let reference = schema["$ref"]?.text {
            let name = String(reference.split(separator: "/").last ?? "")
            return "<a href=\"#schema-\(escape(name))\">\(escape(name))</a>"
        }
        for combinator in ["anyOf", "oneOf"] {
            if case .array(let options)? = schema[combinator] { return options.map { typeName($0) }.joined(separator: " or ") }
        }
        var names: [String] = []
        switch schema["type"] {
        case .string(let name)?: names = [name]
        case .array(let list)?: names = list.compactMap(\.text)
        default: break
        }
        let described = names.map { name -> String in
            if name == "array" { return "array of " + (typeName(schema["items"]).isEmpty ? "values" : typeName(schema["items"])) }
            if name == "string", let format = schema["format"]?.text { return "string (\(escape(format)))" }
            return escape(name)
        }
        if case .array(let values)? = schema["enum"] {
            return (described.first ?? "") + " — one of " + values.compactMap(\.text).map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
        }
        return described.isEmpty ? "any" : described.joined(separator: " or ")
    }

    /// A property's validation rules, as words (`at most 200 characters`).
    private static func rules(of schema: JSON) -> String? {
        var rules: [String] = []
        if let minimum = schema["minLength"]?.number { rules.append("at least \(minimum) characters") }
        if let maximum = schema["maxLength"]?.number { rules.append("at most \(maximum) characters") }
        if let minimum = schema["minimum"]?.number { rules.append("≥ \(minimum)") }
        if let maximum = schema["maximum"]?.number { rules.append("≤ \(maximum)") }
        if let pattern = schema["pattern"]?.text { rules.append("matches <code>\(escape(pattern))</code>") }
        if let minimum = schema["minItems"]?.number { rules.append("at least \(minimum) items") }
        if let maximum = schema["maxItems"]?.number { rules.append("at most \(maximum) items") }
        return rules.isEmpty ? nil : rules.joined(separator: "; ")
    }

    private static func escape(_ text: String) -> String { HTMLText.escaped(text) }

    private static let style = """
        body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1em 2em;color:#222}
        code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em}
        table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
        .method{display:inline-block;min-width:4em;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:0 .3em}
        .get{background:#2b6cb0}.post{background:#2f855a}.put,.patch{background:#b7791f}.delete{background:#c53030}
        section{border-top:1px solid #eee;padding-top:.5em}nav ul{list-style:none;padding:0}.version{color:#666}
        """
}

private extension JSON {
    /// The string, if this is one.
    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as written in a schema (`200`, `0.5`), if this is one.
    var number: String? {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .decimal(let value): return "\(value)"
        default: return nil
        }
    }
}
