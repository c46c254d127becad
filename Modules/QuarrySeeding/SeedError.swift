/// Why seed data was refused, naming the file, the section (model), the
/// row (0-based) and the field; nothing was written.
///
/// ```swift
/// catch let error as SeedError { print(error) }   // blog.json: posts[3].author: no authors with email "nobody@x.io"
/// ```
public struct SeedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var section: String?
    public var row: Int?
    public var field: String?
    public var message: String

    public init(file: String, section: String? = nil, row: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.section = section
        self.row = row
        self.field = field
        self.message = message
    }

    public var description: String {
        var place = file
        if let section { place += ": \(section)" + (row.map { "[\($0)]" } ?? "") }
        if let field { place += ".\(field)" }
        return "\(place): \(message)"
    }
}
