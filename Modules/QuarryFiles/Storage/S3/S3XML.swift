import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the small XML documents S3 answers with: the text of top-level
/// fields (`UploadId`, `NextContinuationToken`, an error's `Code`) and of
/// repeated records (`Contents`), entities decoded.
struct S3XML {
    /// Text of elements outside any record, by element name (last wins).
    private(set) var fields: [String: String] = [:]
    /// One dictionary of child texts per record element.
    private(set) var records: [[String: String]] = []

    init(_ data: Data, record: String? = nil) {
        let reader = Reader(record: record)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        fields = reader.fields
        records = reader.records
    }

    subscript(field: String) -> String? { fields[field] }

    /// `<Tag>text</Tag>` with the text escaped.
    static func element(_ name: String, _ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        return "<\(name)>\(escaped)</\(name)>"
    }

    private final class Reader: NSObject, XMLParserDelegate {
        let record: String?
        var fields: [String: String] = [:]
        var records: [[String: String]] = []
        var current: [String: String]?
        var text = ""

        init(record: String?) { self.record = record }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == record { current = [:] }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == record, let finished = current {
                records.append(finished)
                current = nil
            } else if current != nil {
                current?[name] = text
            } else {
                fields[name] = text
            }
            text = ""
        }
    }
}
