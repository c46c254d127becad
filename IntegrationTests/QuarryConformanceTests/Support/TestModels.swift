import Foundation
import Quarry

/// A model with a column of every supported kind, written by hand the way
/// `@Model` will generate it.
struct Everything: Model, Equatable {
    enum Status: String, SQLValueConvertible { case active, banned }
    enum Level: Int, SQLValueConvertible { case low = 1, high = 2 }

    var id: Int64?
    var int: Int
    var int16: Int16
    var int32: Int32
    var double: Double
    var float: Float
    var bool: Bool
    var text: String
    var limited: String
    var data: Data
    var date: Date
    var uuid: UUID
    var decimal: Decimal
    var json: JSON
    var status: Status
    var level: Level
    var note: String?
    var seen: Date?
    var karma: Int
    var createdAt: Date?

    static let schema = TableSchema("everything", columns: [
        ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
        ColumnSchema("int", type: .int64),
        ColumnSchema("int16", type: .int16),
        ColumnSchema("int32", type: .int32),
        ColumnSchema("double", type: .double),
        ColumnSchema("float", type: .float),
        ColumnSchema("bool", type: .bool),
        ColumnSchema("text", type: .text(maxLength: nil)),
        ColumnSchema("limited", type: .text(maxLength: 10), isIndexed: true),
        ColumnSchema("data", type: .blob),
        ColumnSchema("date", type: .date),
        ColumnSchema("uuid", type: .uuid, isUnique: true),
        ColumnSchema("decimal", type: .decimal),
        ColumnSchema("json", type: .json),
        ColumnSchema("status", type: .text(maxLength: 20)),
        ColumnSchema("level", type: .int16),
        ColumnSchema("note", type: .text(maxLength: nil), isNullable: true, comment: "free text"),
        ColumnSchema("seen", type: .date, isNullable: true),
        ColumnSchema("karma", type: .int64, defaultValue: .value(.int(0))),
        ColumnSchema("created_at", type: .date, isNullable: true, defaultValue: .currentTimestamp),
    ])

    var primaryKey: Int64? { id }

    init(
        id: Int64? = nil, int: Int = 1, int16: Int16 = 2, int32: Int32 = 3, double: Double = 4.5, float: Float = 5.25,
        bool: Bool = true, text: String = "text", limited: String = "short", data: Data = Data([1, 2, 3]),
        date: Date = Date(microsecondsSince1970: 1_700_000_000_123_456), uuid: UUID = UUID(),
        decimal: Decimal = Decimal(string: "19.99")!, json: JSON = ["a": 1], status: Status = .active,
        level: Level = .high, note: String? = nil, seen: Date? = nil, karma: Int = 0, createdAt: Date? = nil
    ) {
        self.id = id; self.int = int; self.int16 = int16; self.int32 = int32; self.double = double
        self.float = float; self.bool = bool; self.text = text; self.limited = limited; self.data = data
        self.date = date; self.uuid = uuid; self.decimal = decimal; self.json = json; self.status = status
        self.level = level; self.note = note; self.seen = seen; self.karma = karma; self.createdAt = createdAt
    }

    init(row: inout some RowDecoder) throws {
        id = try row.decode(Int64?.self)
        int = try row.decode(Int.self)
        int16 = try row.decode(Int16.self)
        int32 = try row.decode(Int32.self)
        double = try row.decode(Double.self)
        float = try row.decode(Float.self)
        bool = try row.decode(Bool.self)
        text = try row.decode(String.self)
        limited = try row.decode(String.self)
        data = try row.decode(Data.self)
        date = try row.decode(Date.self)
        uuid = try row.decode(UUID.self)
        decimal = try row.decode(Decimal.self)
        json = try row.decode(JSON.self)
        status = try row.decode(Status.self)
        level = try row.decode(Level.self)
        note = try row.decode(String?.self)
        seen = try row.decode(Date?.self)
        karma = try row.decode(Int.self)
        createdAt = try row.decode(Date?.self)
    }

    func encode(into binds: inout some BindEncoder) {
        binds.encode(id); binds.encode(int); binds.encode(int16); binds.encode(int32); binds.encode(double)
        binds.encode(float); binds.encode(bool); binds.encode(text); binds.encode(limited); binds.encode(data)
        binds.encode(date); binds.encode(uuid); binds.encode(decimal); binds.encode(json); binds.encode(status)
        binds.encode(level); binds.encode(note); binds.encode(seen); binds.encode(karma); binds.encode(createdAt)
    }
}

/// Reserved words as table and column names.
struct ReservedWords: Model, Equatable {
    var key: UUID
    var user: String
    var group: String
    var select: Int

    static let schema = TableSchema("order", columns: [
        ColumnSchema("key", type: .uuid, isPrimaryKey: true),
        ColumnSchema("user", type: .text(maxLength: nil), isIndexed: true),
        ColumnSchema("group", type: .text(maxLength: nil)),
        ColumnSchema("select", type: .int32),
    ])

    var primaryKey: UUID? { key }

    init(key: UUID = UUID(), user: String, group: String, select: Int) {
        self.key = key; self.user = user; self.group = group; self.select = select
    }

    init(row: inout some RowDecoder) throws {
        key = try row.decode(UUID.self)
        user = try row.decode(String.self)
        group = try row.decode(String.self)
        select = try row.decode(Int.self)
    }

    func encode(into binds: inout some BindEncoder) {
        binds.encode(key); binds.encode(user); binds.encode(group); binds.encode(select)
    }
}
