/// A histogram of durations with a bounded relative error, for percentiles
/// that do not need every sample kept.
///
/// Values are nanoseconds in log-linear buckets (as HdrHistogram does): below
/// 128 ns every value has its own bucket; above, each power of two is split
/// into 64 buckets, so a reported percentile is within 0.8 % of a recorded
/// value. Buckets are stored sparsely: a statement shape whose durations stay
/// within one order of magnitude costs a few dozen entries.
///
/// ```swift
/// var histogram = LatencyHistogram()
/// histogram.record(.microseconds(250))
/// histogram.record(.milliseconds(3))
/// histogram.percentile(0.5)   // ≈ 250 µs
/// histogram.max               // 3 ms, exact
/// ```
public struct LatencyHistogram: Sendable, Hashable {
    private static let exactLimit: UInt64 = 128
    private static let subBuckets: UInt64 = 64

    private var buckets: [Int: UInt64] = [:]
    /// How many durations were recorded.
    public private(set) var count: UInt64 = 0
    /// The sum of every recorded duration, exact.
    public private(set) var total: Duration = .zero
    /// The smallest recorded duration, exact (`.zero` when empty).
    public private(set) var min: Duration = .zero
    /// The largest recorded duration, exact (`.zero` when empty).
    public private(set) var max: Duration = .zero

    /// An empty histogram.
    public init() {}

    /// Adds one duration (negative durations count as zero).
    public mutating func record(_ duration: Duration) {
        let clamped = duration < .zero ? .zero : duration
        buckets[Self.bucket(of: Self.nanoseconds(clamped)), default: 0] += 1
        if count == 0 || clamped < min { min = clamped }
        if clamped > max { max = clamped }
        count += 1
        total += clamped
    }

    /// Adds every duration of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for (bucket, occurrences) in other.buckets { buckets[bucket, default: 0] += occurrences }
        if count == 0 || other.min < min { min = other.min }
        if other.max > max { max = other.max }
        count += other.count
        total += other.total
    }

    /// The mean duration (`.zero` when empty).
    public var mean: Duration {
        count == 0 ? .zero : total / Double(count)
    }

    /// The duration below which `fraction` (0…1) of the recorded ones fall,
    /// within the histogram's precision; `.zero` when empty. `percentile(1)`
    /// is ``max``.
    ///
    /// ```swift
    /// let p95 = histogram.percentile(0.95)
    /// ```
    public func percentile(_ fraction: Double) -> Duration {
        guard count > 0 else { return .zero }
        if fraction >= 1 { return max }
        if fraction <= 0 { return min }
        let rank = UInt64((fraction * Double(count)).rounded(.up))
        var seen: UInt64 = 0
        for bucket in buckets.keys.sorted() {
            seen += buckets[bucket]!
            if seen >= rank {
                let estimate = Duration.nanoseconds(Int64(clamping: Self.representative(of: bucket)))
                // The estimate of the outermost buckets never leaves the exact range.
                return Swift.min(Swift.max(estimate, min), max)
            }
        }
        return max
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(clamping: seconds) &* 1_000_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000)
    }

    static func bucket(of value: UInt64) -> Int {
        guard value >= exactLimit else { return Int(value) }
        let exponent = UInt64(63 - value.leadingZeroBitCount)       // ≥ 7
        let shift = exponent - 6
        let mantissa = (value >> shift) - subBuckets                  // 0..<64
        return Int(exactLimit + (exponent - 7) * subBuckets + mantissa)
    }

    /// The middle of a bucket's range.
    static func representative(of bucket: Int) -> UInt64 {
        let index = UInt64(bucket)
        guard index >= exactLimit else { return index }
        let exponent = (index - exactLimit) / subBuckets + 7
        let mantissa = (index - exactLimit) % subBuckets + subBuckets
        let shift = exponent - 6
        return (mantissa << shift) + (1 << shift) / 2
    }
}
