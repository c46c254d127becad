import Foundation
import Quarry

extension ModelDTOs {
    /// The row as a JSON object (its `Response` DTO), keeping only `include`
    /// fields when given, dropping `exclude`, and renaming keys — for logs,
    /// exports and hand-shaped API bodies.
    ///
    /// ```swift
    /// let body = try author.toDictionary(exclude: ["passwordHash"], rename: ["name": "displayName"])
    /// // ["id": 1, "email": "ada@x.io", "displayName": "Ada", …]
    /// ```
    public func toDictionary(
        include: Set<String>? = nil, exclude: Set<String> = [], rename: [String: String] = [:]
    ) throws -> [String: JSON] {
        var result: [String: JSON] = [:]
        for (key, value) in try responseFields() where (include?.contains(key) ?? true) && !exclude.contains(key) {
            result[rename[key] ?? key] = value
        }
        return result
    }

    /// ``toDictionary(include:exclude:rename:)`` as JSON text with sorted keys.
    public func toJSON(include: Set<String>? = nil, exclude: Set<String> = [], rename: [String: String] = [:]) throws -> String {
        try JSON.object(toDictionary(include: include, exclude: exclude, rename: rename)).serialized()
    }
}
