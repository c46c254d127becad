import Foundation
import Quarry
import Testing

private enum Status: String, SQLValueConvertible { case active, banned }
private enum Level: Int, SQLValueConvertible { case low = 1, high = 2 }

@Suite("Swift values ⇄ SQL values")
struct SQLValueConvertibleTests {
    @Test("integers narrow only when the value fits")
    func narrowing() throws {
        #expect(try Int16(sqlValue: .int(32_767)) == 32_767)
        #expect(throws: QuarryError.self) { try Int16(sqlValue: .int(32_768)) }
        #expect(throws: QuarryError.self) { try Int32(sqlValue: .int(Int64(Int32.min) - 1)) }
        #expect(try Int(sqlValue: .int(.max)) == Int.max)
    }

    @Test("booleans read from 0 and 1 only")
    func booleans() throws {
        #expect(try Bool(sqlValue: .int(1)) == true)
        #expect(try Bool(sqlValue: .int(0)) == false)
        #expect(throws: QuarryError.self) { try Bool(sqlValue: .int(2)) }
    }

    @Test("UUIDs read from 16-byte blobs and canonical text")
    func uuids() throws {
        let uuid = UUID()
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        #expect(try UUID(sqlValue: .blob(bytes)) == uuid)
        #expect(try UUID(sqlValue: .text(uuid.uuidString.lowercased())) == uuid)
        #expect(throws: QuarryError.self) { try UUID(sqlValue: .blob([1, 2, 3])) }
    }

    @Test("decimals read from exact text")
    func decimals() throws {
        #expect(try Decimal(sqlValue: .text("12345678901234567890.123456789")) == Decimal(string: "12345678901234567890.123456789"))
        #expect(throws: QuarryError.self) { try Decimal(sqlValue: .text("twelve")) }
    }

    @Test("enums store their raw value and reject unknown ones")
    func enums() throws {
        #expect(Status.banned.sqlValue == .text("banned"))
        #expect(try Status(sqlValue: .text("active")) == .active)
        #expect(try Level(sqlValue: .int(2)) == .high)
        #expect {
            try Status(sqlValue: .text("deleted"))
        } throws: { error in
            guard case QuarryError.typeMismatch(_, let expected, let found) = error else { return false }
            return expected == "Status" && found == "deleted"
        }
    }

    @Test("optionals map nil to NULL and back")
    func optionals() throws {
        let missing: Int? = nil
        #expect(missing.sqlValue == .null)
        #expect(try Int?(sqlValue: .null) == nil)
        #expect(try Int?(sqlValue: .int(3)) == 3)
        #expect {
            try Int(sqlValue: .null)
        } throws: { error in
            if case QuarryError.unexpectedNull = error { true } else { false }
        }
    }

    @Test("dates read from timestamp text")
    func dates() throws {
        #expect(try Date(sqlValue: .text("1970-01-01 00:00:01.000001")).microsecondsSince1970 == 1_000_001)
        #expect(throws: QuarryError.self) { try Date(sqlValue: .text("soon")) }
    }
}
