import Foundation

/// The canonical text form of a timestamp, `YYYY-MM-DD HH:MM:SS.ffffff` in
/// UTC: fixed width, so text order is time order, and understood by SQLite's
/// date functions.
///
/// Hand-written rather than `DateFormatter`-based: it is on the hot path of
/// every SQLite date column and must be exact to the microsecond.
///
/// ```swift
/// SQLTimestamp.format(Date(microsecondsSince1970: 1_000_001))  // "1970-01-01 00:00:01.000001"
/// SQLTimestamp.parse("1970-01-01 00:00:01.000001")           // the same date
/// ```
package enum SQLTimestamp {
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Formats `date` at microsecond precision; the date must be
    /// `Foundation/Date/isStorable`.
    public static func format(_ date: Date) -> String {
        format(microsecondsSince1970: date.microsecondsSince1970)
    }

    /// Formats the instant `micros` microseconds after the Unix epoch.
    ///
    /// ```swift
    /// SQLTimestamp.format(microsecondsSince1970: 0)   // "1970-01-01 00:00:00.000000"
    /// ```
    public static func format(microsecondsSince1970 micros: Int64) -> String {
        let days = floorDivide(micros, microsecondsPerDay)
        var rest = micros - days * microsecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let hour = rest / 3_600_000_000; rest %= 3_600_000_000
        let minute = rest / 60_000_000; rest %= 60_000_000
        let second = rest / 1_000_000
        let fraction = rest % 1_000_000
        // Fixed-width digits written into one buffer: no intermediate strings.
        let yearDigits = max(4, String(abs(year)).utf8.count)
        let sign = year < 0 ? 1 : 0
        let count = sign + yearDigits + 22
        return String(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            func put(_ value: Int64, _ width: Int) {
                var value = value
                for index in stride(from: at + width - 1, through: at, by: -1) {
                    buffer[index] = UInt8(48 + value % 10)
                    value /= 10
                }
                at += width
            }
            func put(_ byte: UInt8) {
                buffer[at] = byte
                at += 1
            }
            if sign == 1 { put(UInt8(ascii: "-")) }
            put(abs(year), yearDigits); put(UInt8(ascii: "-")); put(month, 2); put(UInt8(ascii: "-")); put(day, 2)
            put(UInt8(ascii: " ")); put(hour, 2); put(UInt8(ascii: ":")); put(minute, 2); put(UInt8(ascii: ":"))
            put(second, 2); put(UInt8(ascii: ".")); put(fraction, 6)
            return at
        }
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM[:SS[.f…]][Z|±HH[:MM]]` or `YYYY-MM-DD`
    /// (years may have more than four digits);
    /// returns `nil` for anything else. Text without an offset is UTC.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// ``parse(_:)`` over UTF-8 bytes (a column's text, read in place).
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        if let date = parseCanonical(bytes) { return date }
        var at = 0
        let end = bytes.count
        func number(_ count: Int) -> Int64? {
            guard end - at >= count else { return nil }
            var value: Int64 = 0
            for index in at..<at + count {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            at += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard at < end, bytes[at] == byte else { return false }
            at += 1
            return true
        }
        let negative = expect(UInt8(ascii: "-"))
        var yearDigits = 0
        while at + yearDigits < end, bytes[at + yearDigits] >= 48, bytes[at + yearDigits] <= 57 { yearDigits += 1 }
        guard yearDigits >= 4, yearDigits <= 9, let rawYear = number(yearDigits), expect(UInt8(ascii: "-")),
            let month = number(2), expect(UInt8(ascii: "-")), let day = number(2), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        let year = negative ? -rawYear : rawYear
        var micros = days(fromCivil: year, month, day) * microsecondsPerDay
        if at == end { return Date(microsecondsSince1970: micros) }
        guard expect(UInt8(ascii: " ")) || expect(UInt8(ascii: "T")),
            let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        var fraction: Int64 = 0
        if expect(UInt8(ascii: ":")) {
            guard let value = number(2), value < 61 else { return nil }
            second = value
            if expect(UInt8(ascii: ".")) {
                var digits = 0
                while at < end, bytes[at] >= 48, bytes[at] <= 57 {
                    // Digits beyond microseconds round the last kept digit.
                    if digits < 6 {
                        fraction = fraction * 10 + Int64(bytes[at] - 48)
                    } else if digits == 6, bytes[at] >= 53 {
                        fraction += 1
                    }
                    digits += 1
                    at += 1
                }
                guard digits > 0 else { return nil }
                if digits < 6 { for _ in digits..<6 { fraction *= 10 } }
            }
        }
        micros += ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
        if at == end { return Date(microsecondsSince1970: micros) }
        if expect(UInt8(ascii: "Z")) { return at == end ? Date(microsecondsSince1970: micros) : nil }
        let sign: Int64
        if expect(UInt8(ascii: "+")) { sign = 1 } else if expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = number(2) else { return nil }
        var offsetMinutes: Int64 = 0
        if expect(UInt8(ascii: ":")) || at < end {
            guard let value = number(2) else { return nil }
            offsetMinutes = value
        }
        guard at == end else { return nil }
        micros -= sign * (offsetHours * 60 + offsetMinutes) * 60_000_000
        return Date(microsecondsSince1970: micros)
    }

    /// The fast path: exactly the canonical 26-byte form Quarry writes.
    private static func parseCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 26, bytes[4] == 45, bytes[7] == 45, bytes[10] == 32, bytes[13] == 58, bytes[16] == 58,
            bytes[19] == 46
        else { return nil }
        var valid = true
        func digits(_ from: Int, _ count: Int) -> Int64 {
            var value: Int64 = 0
            for index in from..<from + count {
                let digit = bytes[index] &- 48
                valid = valid && digit <= 9
                value = value &* 10 &+ Int64(digit)
            }
            return value
        }
        let year = digits(0, 4), month = digits(5, 2), day = digits(8, 2)
        let hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2), fraction = digits(20, 6)
        guard valid, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        let micros = days(fromCivil: year, month, day) * microsecondsPerDay
            + ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
        return Date(microsecondsSince1970: micros)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day).
    /// Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Proleptic Gregorian date → days since 1970-01-01 (`days_from_civil`).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
