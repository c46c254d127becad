import Foundation
import Quarry

/// Rows as a cache keeps them: each row's column values, in the model's
/// column order. Decoding them needs no database.
///
/// ```swift
/// let rows = CachedRows(models: authors)
/// let back = try rows.models(as: Author.self)
/// ```
public struct CachedRows: Sendable, Hashable {
    public var rows: [[SQLValue]]

    public init(rows: [[SQLValue]]) {
        self.rows = rows
    }

    /// The column values of `models`.
    public init<M: FetchableModel>(models: [M]) {
        rows = models.map { model in
            var encoder = SQLValueEncoder(capacity: M.schema.columns.count)
            model.encode(into: &encoder)
            return encoder.values
        }
    }

    /// The models these rows hold.
    ///
    /// - Throws: a decoding error when the rows do not fit `M` (a cache
    ///   entry written by another version of the model).
    public func models<M: FetchableModel>(as type: M.Type) throws -> [M] {
        let names = M.schema.columns.map(\.name)
        return try rows.map { values in
            var decoder = ValuesRowDecoder(values: values, columnNames: names)
            return try M(row: &decoder)
        }
    }

    /// An estimate of the memory the rows take, for a cache's byte bound.
    public var byteSize: Int {
        rows.reduce(16) { total, row in row.reduce(total + 16) { $0 + Self.size(of: $1) } }
    }

    private static func size(of value: SQLValue) -> Int {
        switch value {
        case .null, .bool: 9
        case .int, .double, .date: 16
        case .uuid: 24
        case .decimal: 28
        case .text(let text): 24 + text.utf8.count
        case .blob(let bytes): 24 + bytes.count
        case .json(let json): 24 + json.description.utf8.count
        }
    }
}
