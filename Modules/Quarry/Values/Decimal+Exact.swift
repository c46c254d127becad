import Foundation

extension Decimal {
    /// The decimal number `text` spells (`-12.50`, `1e40`), exactly, or an
    /// error: `Decimal` keeps 38 significant digits and silently rounds
    /// longer numbers (a PostgreSQL `numeric` can hold 131,072), so a value
    /// it cannot hold whole is refused rather than changed.
    ///
    /// ```swift
    /// try Decimal.exact("12345678901234567890.123")     // 12345678901234567890.123
    /// try Decimal.exact(String(repeating: "9", count: 40))   // throws invalidValue
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidValue(_:)`` when `text` is not a
    ///   decimal number or has more significant digits than `Decimal` keeps.
    public static func exact(_ text: String) throws -> Decimal {
        guard let value = try exactIfNumber(text) else {
            throw QuarryError.invalidValue("'\(text.prefix(60))' is not a decimal number")
        }
        return value
    }

    /// ``exact(_:)``, but `nil` when `text` is not a decimal number at all
    /// (what a row decoder reports as a type mismatch).
    ///
    /// ```swift
    /// try Decimal.exactIfNumber("abc")    // nil
    /// ```
    public static func exactIfNumber(_ text: String) throws -> Decimal? {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN,
            let source = DecimalDigits(text)
        else { return nil }
        // 38 characters cannot hold more than 38 significant digits.
        guard text.utf8.count > 38 else { return value }
        guard DecimalDigits(value.description) == source else {
            throw QuarryError.invalidValue(
                "the number \(text.prefix(24))… has \(source.digits.count) significant digits; "
                    + "Decimal keeps 38, so it cannot be read without changing it")
        }
        return value
    }
}

/// A decimal number as sign, significant digits (no leading or trailing
/// zeros) and the power of ten of the last one: equal for equal values.
private struct DecimalDigits: Equatable {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var all: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var powerOfTen = 0
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                all.append(byte)
                if seenPoint { fractionDigits += 1 }
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard let power = Int(String(decoding: bytes, as: UTF8.self)) else { return nil }
                powerOfTen = power
                bytes = bytes[bytes.endIndex...]
            default:
                return nil
            }
        }
        guard !all.isEmpty else { return nil }
        let leading = all.prefix { $0 == UInt8(ascii: "0") }.count
        var significant = Array(all.dropFirst(leading))
        var trailing = 0
        while significant.last == UInt8(ascii: "0") {
            significant.removeLast()
            trailing += 1
        }
        digits = significant
        exponent = significant.isEmpty ? 0 : powerOfTen - fractionDigits + trailing
        if significant.isEmpty { negative = false }
    }
}
