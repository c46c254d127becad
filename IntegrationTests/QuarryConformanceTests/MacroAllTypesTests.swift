import Foundation
import Quarry
import QuarryTesting
import Testing

enum Priority: Int, ColumnRepresentable { case low = 1, high = 2 }

/// One @Model column of every supported property type.
@Model(table: "all_types")
struct AllTypes: Equatable {
    @ID var id: UUID = UUID()
    var int: Int
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var double: Double
    var float: Float
    var bool: Bool
    var string: String
    var date: Date
    var uuid: UUID
    var decimal: Decimal
    var data: Data
    var bytes: [UInt8]
    var json: JSON
    var address: Address
    var status: AuthorStatus
    var priority: Priority
    var optionalInt: Int?
    var optionalDate: Date?
    var optionalAddress: Address?
    var optionalPriority: Priority?
}

@Suite("@Model column types")
struct MacroAllTypesTests {
    @Test("every supported property type round-trips through create and get", arguments: TestDatabase.all)
    func everyType(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(AllTypes.self)
            let create = AllTypes.Create(
                int: .min, int16: .max, int32: .min, int64: .max, double: -0.5, float: 3.25, bool: true,
                string: "Ünïcödé 🎉 '; --", date: Date(microsecondsSince1970: 1_700_000_000_654_321), uuid: UUID(),
                decimal: Decimal(string: "-98765.4321")!, data: Data([0, 1, 255]), bytes: [9, 8, 7],
                json: ["k": [1, "two", nil]], address: Address(city: "Zürich", zip: "8001"), status: .banned,
                priority: .high, optionalInt: nil, optionalDate: Date(microsecondsSince1970: 0),
                optionalAddress: nil, optionalPriority: .low)
            let stored = try await AllTypes.create(on: db, create)
            let loaded = try await AllTypes.get(on: db, id: stored.id)
            #expect(loaded == stored)
            #expect(loaded.int == .min && loaded.int16 == .max && loaded.address.city == "Zürich")
            #expect(loaded.optionalInt == nil && loaded.optionalPriority == .low)
            let schemaTypes = AllTypes.schema.columns.map(\.type)
            #expect(schemaTypes.contains(.int16) && schemaTypes.contains(.float) && schemaTypes.contains(.json))
        }
    }

    @Test("the typed column set names each column")
    func typedColumns() {
        #expect(Author.columns.email.name == "email")
        #expect(Author.columns.joinedAt.name == "joined_at")
        #expect(Badge.columns.label.name == "label_text")
        #expect(Author.columnName(for: \Author.joinedAt) == "joined_at")
    }

    @Test("an SQL default expression fills a nil column", arguments: TestDatabase.all)
    func sqlDefault(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(Tally.self)
            let counter = try await Tally.create(on: db, .init(label: "c"))
            #expect(counter.start == 42)
        }
    }
}

@Model(table: "tallies")
struct Tally {
    @ID var id: Int64?
    var label: String
    @Column(.defaultSQL("40 + 2")) var start: Int?
}
