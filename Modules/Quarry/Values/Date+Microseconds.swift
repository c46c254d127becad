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
    /// The date must be ``isStorable`` (a NaN or far-off date traps): use
    /// ``storableMicrosecondsSince1970()`` for dates that come from outside.
    ///
    /// ```swift
    /// Date(timeIntervalSince1970: 1.000_001).microsecondsSince1970  // 1_000_001
    /// ```
    public var microsecondsSince1970: Int64 {
        let sinceReference = (timeIntervalSinceReferenceDate * 1_000_000).rounded()
        return Int64(sinceReference) + Self.referenceDateMicrosecondsSince1970
    }

    /// The dates both databases store, in microseconds since the reference
    /// date: from PostgreSQL's first timestamp, 4714-11-24 00:00 UTC BC
    /// (proleptic Gregorian), to a round bound in year 294,234, short of the
    /// last microsecond an `Int64` counts from 1970 (and of PostgreSQL's last).
    private static let storableReferenceMicroseconds: ClosedRange<Double> =
        -211_845_110_400_000_000 ... 9_222_000_000_000_000_000

    /// Whether both databases can store this date: finite, from 4714 BC to
    /// about 294,000 AD.
    public var isStorable: Bool {
        Self.storableReferenceMicroseconds.contains((timeIntervalSinceReferenceDate * 1_000_000).rounded())
    }

    /// ``microsecondsSince1970``, or a typed error for a date no database
    /// stores (NaN, infinite, or beyond ``isStorable``'s range) — what the
    /// drivers call when binding, so such a date never traps the process.
    ///
    /// ```swift
    /// try Date(timeIntervalSince1970: 1e16).storableMicrosecondsSince1970()   // throws invalidValue
    /// ```
    ///
    /// - Throws: ``QuarryError/invalidValue(_:)`` naming the date.
    public func storableMicrosecondsSince1970() throws -> Int64 {
        guard isStorable else {
            throw QuarryError.invalidValue(
                "the date \(timeIntervalSince1970) s since 1970 is outside what the databases store (4714 BC to 294,000 AD)")
        }
        return microsecondsSince1970
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
