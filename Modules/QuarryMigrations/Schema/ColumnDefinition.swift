import Quarry

/// A column as migrations see it: name, type, nullability, default, and
/// whether it is an auto-increment key.
///
/// ```swift
/// ColumnDefinition("email", type: .text(maxLength: 120))
/// ColumnDefinition("karma", type: .int64, default: .value(.int(0)))
/// ColumnDefinition("bio", type: .text(maxLength: nil), isNullable: true)
/// ```
public struct ColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public var isNullable: Bool
    public var isAutoIncrement: Bool
    public var defaultValue: ColumnDefault?

    public init(
        _ name: String, type: ColumnType, isNullable: Bool = false, isAutoIncrement: Bool = false,
        default defaultValue: ColumnDefault? = nil
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.isAutoIncrement = isAutoIncrement
        self.defaultValue = defaultValue
    }
}
