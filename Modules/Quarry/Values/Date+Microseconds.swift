import Foundation

extension Date {
    /// Microseconds between 1970-01-01T00:00:00Z and 2001-01-01T00:00:00Z
    /// (Foundation's reference date).
    private static let referenceDateMicrosecondsSince1970: Int64 = 978_307_200_000_000

    /// This date as whole microseconds since the Unix epoch, rounded to the
    /// nearest microsecond: the precision both databases store.
    ///
    /// The arithmetic starts from the reference date so that a date built from
    /// a microsecond value converts back to exactly that value. That holds
    /// within about ±136 years (2^32 seconds) of 2001, where a `Date`'s
    /// `Double` resolves microseconds; farther out a `Date` is coarser.
    ///
    /// ```swift
    /// Date(timeIntervalSince1970: 1.000_001).microsecondsSince1970  // 1_000_001
    /// ```
    public var microsecondsSince1970: Int64 {
        let sinceReference = (timeIntervalSinceReferenceDate * 1_000_000).rounded()
        return Int64(sinceReference) + Self.referenceDateMicrosecondsSince1970
    }

    /// The date `microseconds` after the Unix epoch.
    ///
    /// ```swift
    /// Date(microsecondsSince1970: 1_000_001).timeIntervalSince1970  // 1.000001
    /// ```
    public init(microsecondsSince1970 microseconds: Int64) {
        let sinceReference = microseconds - Self.referenceDateMicrosecondsSince1970
        self.init(timeIntervalSinceReferenceDate: Double(sinceReference) / 1_000_000)
    }

    /// This date rounded to the microsecond precision the databases store.
    public var roundedToMicroseconds: Date {
        Date(microsecondsSince1970: microsecondsSince1970)
    }
}
