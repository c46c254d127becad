import Foundation

/// A type that can be a model's column: it converts to and from
/// ``SQLValue`` and names its column type.
///
/// Built-in scalars conform; `String`- and `Int`-backed enums conform by
/// declaring it (`enum Status: String, ColumnRepresentable`, which also
/// gives them `Codable` for the DTOs); `Codable` structs are stored as JSON
/// through ``JSONColumn``.
///
/// ```swift
/// enum Status: String, ColumnRepresentable { case active, banned }
/// ```
public protocol ColumnRepresentable: SQLValueConvertible, Codable, Equatable {
    /// The column type values of this type are stored in.
    static var columnType: ColumnType { get }
}

extension Int: ColumnRepresentable { public static var columnType: ColumnType { .int64 } }
extension Int64: ColumnRepresentable { public static var columnType: ColumnType { .int64 } }
extension Int32: ColumnRepresentable { public static var columnType: ColumnType { .int32 } }
extension Int16: ColumnRepresentable { public static var columnType: ColumnType { .int16 } }
extension Double: ColumnRepresentable { public static var columnType: ColumnType { .double } }
extension Float: ColumnRepresentable { public static var columnType: ColumnType { .float } }
extension Bool: ColumnRepresentable { public static var columnType: ColumnType { .bool } }
extension String: ColumnRepresentable { public static var columnType: ColumnType { .text(maxLength: nil) } }
extension Data: ColumnRepresentable { public static var columnType: ColumnType { .blob } }
extension Date: ColumnRepresentable { public static var columnType: ColumnType { .date } }
extension UUID: ColumnRepresentable { public static var columnType: ColumnType { .uuid } }
extension Decimal: ColumnRepresentable { public static var columnType: ColumnType { .decimal } }
extension JSON: ColumnRepresentable { public static var columnType: ColumnType { .json } }

extension Array: ColumnRepresentable where Element == UInt8 {
    public static var columnType: ColumnType { .blob }
}

extension RawRepresentable where Self: ColumnRepresentable, RawValue: ColumnRepresentable {
    /// Enums are stored as their raw value.
    public static var columnType: ColumnType { RawValue.columnType }
}

/// A `Codable` value stored in a JSON column.
///
/// ```swift
/// struct Address: Codable, Sendable, JSONColumn { var city: String }
/// @Model struct Customer { @ID var id: Int64?; var address: Address }
/// ```
public protocol JSONColumn: ColumnRepresentable, Codable {}

extension JSONColumn {
    public static var columnType: ColumnType { .json }

    public var sqlValue: SQLValue {
        // Encoding a Codable value to JSON fails only for non-conforming
        // floats (NaN, infinity); those become JSON null.
        guard let data = try? JSONEncoder().encode(self),
            let json = try? JSONDecoder().decode(JSON.self, from: data)
        else { return .json(.null) }
        return .json(json)
    }

    public init(sqlValue: SQLValue) throws {
        let json = try JSON(sqlValue: sqlValue)
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(try json.serialized().utf8))
        } catch {
            throw QuarryError.typeMismatch(column: "?", expected: "\(Self.self) as JSON", found: "\(json)")
        }
    }
}

extension ColumnDefault {
    /// `value` as a column default, when it has a portable SQL spelling
    /// (integer, double, boolean, text); `nil` otherwise, leaving the
    /// default to the Swift initial value.
    public static func portable(_ value: some SQLValueConvertible) -> ColumnDefault? {
        switch value.sqlValue {
        case .int, .bool, .text: .value(value.sqlValue)
        case .double(let double) where double.isFinite: .value(value.sqlValue)
        default: nil
        }
    }
}
