import CLibPQ
import Foundation
import Quarry

/// Decodes PostgreSQL's binary `numeric`: a header (digit count, weight of
/// the first digit in base 10 000, sign, display scale) and base-10 000 digits.
enum PostgresNumeric {
    static func decimalText(_ value: UnsafePointer<CChar>, length: Int) -> String? {
        guard length >= 8 else { return nil }
        let digitCount = Int(value.bigEndian(Int16.self, at: 0))
        let weight = Int(value.bigEndian(Int16.self, at: 2))
        let sign = value.bigEndian(UInt16.self, at: 4)
        let scale = Int(value.bigEndian(Int16.self, at: 6))
        guard sign == 0x0000 || sign == 0x4000, length >= 8 + 2 * digitCount else { return nil }  // NaN, ±Infinity
        let digits = (0..<digitCount).map { Int(value.bigEndian(Int16.self, at: 8 + 2 * $0)) }

        var integer = ""
        if weight >= 0 {
            for position in 0...weight {
                let digit = position < digits.count ? digits[position] : 0
                integer += position == 0 ? String(digit) : pad(digit)
            }
        } else {
            integer = "0"
        }
        var fraction = ""
        if scale > 0 {
            // Fraction digit groups start at weight -1.
            var position = weight + 1
            while fraction.count < scale {
                let digit = position >= 0 && position < digits.count ? digits[position] : 0
                fraction += pad(digit)
                position += 1
            }
            fraction = String(fraction.prefix(scale))
        }
        let body = fraction.isEmpty ? integer : integer + "." + fraction
        return sign == 0x4000 ? "-" + body : body
    }

    private static func pad(_ digit: Int) -> String {
        let text = String(digit)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
