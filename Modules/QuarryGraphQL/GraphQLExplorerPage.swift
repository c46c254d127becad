import Foundation
import QuarryHummingbird

/// The page `GET /graphql` serves: the schema in SDL, and a form that posts
/// a query (with variables) to the endpoint and shows the JSON answer. All
/// of it is in the page — no script or stylesheet from a CDN — so it works
/// offline.
///
/// ```swift
/// let html = GraphQLExplorerPage.render(schema: printSchema(schema: try api.schema()), endpoint: "/graphql")
/// ```
enum GraphQLExplorerPage {
    /// The page for a schema printed as SDL, posting to `endpoint`.
    static func render(schema: String, endpoint: String) -> String {
        // Inside <script> entities are not decoded: a JavaScript literal, with < and > escaped.
        let endpointLiteral = jsString(endpoint)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>GraphQL explorer</title>
            <style>
            body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222}
            textarea,pre{font:13px ui-monospace,monospace;width:100%;box-sizing:border-box}
            textarea{border:1px solid #ccc;padding:.5em}pre{background:#f6f6f6;padding:.75em;overflow:auto}
            .columns{display:grid;grid-template-columns:1fr 1fr;gap:1em}button{font-size:15px;padding:.3em 1.2em}
            </style>
            </head>
            <body>
            <h1>GraphQL explorer</h1>
            <p>Queries and mutations are posted to <code>\(escape(endpoint))</code> as JSON.</p>
            <form id="explorer">
            <div class="columns">
            <div><label for="query">Query</label>
            <textarea id="query" name="query" rows="14">{\n  __typename\n}</textarea>
            <label for="variables">Variables (JSON)</label>
            <textarea id="variables" name="variables" rows="4">{}</textarea>
            <p><button type="submit">Run</button></p></div>
            <div><label for="result">Result</label><pre id="result" aria-live="polite">Run a query to see its result.</pre></div>
            </div>
            </form>
            <h2>Schema</h2>
            <pre id="schema">\(escape(schema))</pre>
            <script>
            document.getElementById('explorer').addEventListener('submit', async (event) => {
              event.preventDefault();
              const result = document.getElementById('result');
              let variables = {};
              try { variables = JSON.parse(document.getElementById('variables').value || '{}'); }
              catch (error) { result.textContent = 'The variables are not JSON: ' + error.message; return; }
              result.textContent = 'Running…';
              try {
                const response = await fetch(\(endpointLiteral), {
                  method: 'POST', headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ query: document.getElementById('query').value, variables }) });
                result.textContent = JSON.stringify(await response.json(), null, 2);
              } catch (error) { result.textContent = 'The request failed: ' + error.message; }
            });
            </script>
            </body>
            </html>

            """
    }

    private static func escape(_ text: String) -> String { HTMLText.escaped(text) }

    /// `text` as a JavaScript string literal (double-quoted, escaped).
    private static func jsString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\": literal += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || scalar == "<" || scalar == ">":
                literal += String(format: "\\u%04x", scalar.value)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}
