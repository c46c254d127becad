import Foundation

/// Hand-written timestamp text for the raw loops ("YYYY-MM-DD HH:MM:SS.ffffff",
/// UTC), as fast as a C programmer would write it: no Foundation calendars.
enum RawTime {
    /// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func text(_ date: Date) -> String {
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds / 86_400
        seconds -= days * 86_400
        let (y, m, d) = civil(days)
        var bytes = [UInt8](repeating: 0x30, count: 26)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for i in stride(from: at + width - 1, through: at, by: -1) {
                bytes[i] = UInt8(0x30 + v % 10)
                v /= 10
            }
        }
        put(y, 0, 4); bytes[4] = 0x2D; put(m, 5, 2); bytes[7] = 0x2D; put(d, 8, 2); bytes[10] = 0x20
        put(seconds / 3_600, 11, 2); bytes[13] = 0x3A; put(seconds / 60 % 60, 14, 2); bytes[16] = 0x3A
        put(seconds % 60, 17, 2); bytes[19] = 0x2E; put(fraction, 20, 6)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parse(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Date {
        func num(_ at: Int, _ width: Int) -> Int {
            var v = 0
            for i in at..<at + width { v = v * 10 + Int(pointer[i] &- 0x30) }
            return v
        }
        let days = days(num(0, 4), num(5, 2), num(8, 2))
        let seconds = days * 86_400 + num(11, 2) * 3_600 + num(14, 2) * 60 + num(17, 2)
        let micros = count >= 26 ? num(20, 6) : 0
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
