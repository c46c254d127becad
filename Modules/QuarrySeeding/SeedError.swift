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
    /// Whether the file does not exist (no input, rather than bad data:
    /// the command line exits 66 for it, 65 for bad data).
    public var isMissingFile = false

    public init(file: String, section: String? = nil, row: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.section = section
        self.row = row
        self.field = field
        self.message = message
    }

    /// A seed file that does not exist, named by its whole path.
    ///
    /// ```swift
    /// SeedError.missingFile("/srv/app/Seeds/blog.json").description
    /// // "/srv/app/Seeds/blog.json: no such file"
    /// ```
    public static func missingFile(_ path: String) -> SeedError {
        var error = SeedError(file: path, message: "no such file")
        error.isMissingFile = true
        return error
    }

    public var description: String {
        var place = file
        if let section { place += ": \(section)" + (row.map { "[\($0)]" } ?? "") }
        if let field { place += ".\(field)" }
        return "\(place): \(message)"
    }
}
