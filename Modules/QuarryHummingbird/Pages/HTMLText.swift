/// Text for the pages Quarry renders on the server (`/docs`, the GraphQL
/// explorer): escaped so that it is safe inside HTML elements and quoted
/// attributes.
///
/// ```swift
/// HTMLText.escaped(#"<a href="x">Tom & Jerry's</a>"#)
/// // "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
/// ```
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as entities.
    public static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
