import Foundation
import Quarry
import Yams

/// A seed file read into sections of rows: `{"authors": [{…}, …], "posts": […]}`
/// in JSON, or the same shape in YAML.
///
/// ```yaml
/// authors:
///   - email: ada@example.com
///     name: Ada Lovelace
/// posts:
///   - slug: notes-on-the-engine
///     author: ada@example.com      # a reference by natural key
///     tags: [history, design]      # many-to-many links by natural key
/// ```
struct SeedFile {
    var name: String
    /// Sections by name; rows in file order.
    var sections: [(name: String, rows: [[String: JSON]])]

    static func read(_ url: URL) throws -> SeedFile {
        let name = url.lastPathComponent
        guard FileManager.default.fileExists(atPath: url.path) else { throw SeedError.missingFile(url.path) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SeedError(file: name, message: "cannot be read: \(error.localizedDescription)")
        }
        let root: JSON
        switch url.pathExtension.lowercased() {
        case "json":
            do {
                root = try JSONDecoder().decode(JSON.self, from: data)
            } catch {
                throw SeedError(file: name, message: "is not valid JSON: \(Self.describe(error))")
            }
        case "yaml", "yml":
            do {
                root = try YAMLDecoder().decode(JSON.self, from: String(decoding: data, as: UTF8.self))
            } catch {
                throw SeedError(file: name, message: "is not valid YAML: \(Self.describe(error))")
            }
        default:
            throw SeedError(file: name, message: "has an unknown extension: seed files are .json, .yaml or .yml")
        }
        return try SeedFile(name: name, root: root)
    }

    init(name: String, root: JSON) throws {
        self.name = name
        guard case .object(let object) = root else {
            throw SeedError(file: name, message: "must be an object of sections: {\"authors\": [ … ], …}")
        }
        let names = object.keys.sorted()
        sections = try names.map { section in
            guard case .array(let rows) = object[section] else {
                throw SeedError(file: name, section: section, message: "must be a list of rows")
            }
            return (section, try rows.enumerated().map { index, row in
                guard case .object(let fields) = row else {
                    throw SeedError(file: name, section: section, row: index, message: "must be an object of fields")
                }
                return fields
            })
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}
