import Foundation
import Quarry
import Testing

@Suite("Timestamps as text")
struct SQLTimestampTests {
    @Test("formats at microsecond precision in UTC", arguments: [
        (Int64(0), "1970-01-01 00:00:00.000000"),
        (1, "1970-01-01 00:00:00.000001"),
        (-1, "1969-12-31 23:59:59.999999"),
        (1_700_000_000_123_456, "2023-11-14 22:13:20.123456"),
        (951_782_400_000_000, "2000-02-29 00:00:00.000000"),
        (-62_135_596_800_000_000, "0001-01-01 00:00:00.000000"),
        (253_402_300_799_000_000, "9999-12-31 23:59:59.000000"),
    ])
    func format(_ micros: Int64, _ text: String) {
        #expect(SQLTimestamp.format(Date(microsecondsSince1970: micros)) == text)
        #expect(SQLTimestamp.parse(text)?.microsecondsSince1970 == micros)
    }

    @Test("parses the ISO 8601 variants databases print", arguments: [
        ("2023-11-14T22:13:20Z", Int64(1_700_000_000_000_000)),
        ("2023-11-14 22:13:20", 1_700_000_000_000_000),
        ("2023-11-14 22:13", 1_699_999_980_000_000),
        ("2023-11-14", 1_699_920_000_000_000),
        ("2023-11-14 22:13:20.5", 1_700_000_000_500_000),
        ("2023-11-14 23:13:20+01:00", 1_700_000_000_000_000),
        ("2023-11-14 21:13:20-01", 1_700_000_000_000_000),
        ("2023-11-14 22:13:20.1234567", 1_700_000_000_123_457),
        ("10000-01-01 00:00:00", 253_402_300_800_000_000),
    ])
    func parseVariants(_ text: String, _ micros: Int64) {
        #expect(SQLTimestamp.parse(text)?.microsecondsSince1970 == micros)
    }

    @Test("rejects text that is not a timestamp", arguments: [
        "", "yesterday", "2023-13-01", "2023-11-32", "2023-11-14 25:00", "2023-11-14 22:13:20.", "2023-11-14 22:13:20 junk",
        "23-11-14",
    ])
    func rejects(_ text: String) {
        #expect(SQLTimestamp.parse(text) == nil)
    }

    @Test("every microsecond in a sample round-trips through text")
    func roundTripSample() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // ±136 years (2^32 s) around 2001: where a Date holds microseconds exactly.
            let micros = Int64.random(in: -3_300_000_000_000_000...5_200_000_000_000_000, using: &generator)
            let date = Date(microsecondsSince1970: micros)
            #expect(SQLTimestamp.parse(SQLTimestamp.format(date))?.microsecondsSince1970 == micros)
        }
    }

    @Test("dates convert to microseconds and back exactly")
    func microseconds() {
        #expect(Date(timeIntervalSince1970: 1.000_001).microsecondsSince1970 == 1_000_001)
        #expect(Date(microsecondsSince1970: 978_307_200_000_001).timeIntervalSinceReferenceDate == 0.000_001)
        #expect(Date(timeIntervalSince1970: 0.000_000_4).roundedToMicroseconds == Date(timeIntervalSince1970: 0))
    }
}
