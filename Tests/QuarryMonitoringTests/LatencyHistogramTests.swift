import QuarryMonitoring
import Testing

@Suite("LatencyHistogram: percentiles within 1 %, exact count, sum, min and max")
struct LatencyHistogramTests {
    @Test("percentiles of 1…10,000 µs are within 1 % of the exact ones")
    func percentiles() {
        var histogram = LatencyHistogram()
        for micros in (1...10_000).shuffled() { histogram.record(.microseconds(micros)) }
        for (fraction, exact) in [(0.5, 5_000.0), (0.95, 9_500.0), (0.99, 9_900.0), (0.001, 10.0)] {
            let measured = Double(histogram.percentile(fraction).components.attoseconds) / 1e12
                + Double(histogram.percentile(fraction).components.seconds) * 1e6
            #expect(abs(measured - exact) / exact < 0.01, "p\(fraction * 100): \(measured) µs, exact \(exact) µs")
        }
        #expect(histogram.count == 10_000)
        #expect(histogram.min == .microseconds(1))
        #expect(histogram.max == .microseconds(10_000))
        #expect(histogram.percentile(1) == .microseconds(10_000))
        #expect(histogram.total == .microseconds(50_005_000))
        #expect(histogram.mean == .microseconds(5_000.5))
    }

    @Test("small values are exact; an empty histogram reports zero; merging adds")
    func edges() {
        var small = LatencyHistogram()
        for nanos in [3, 3, 5, 100] { small.record(.nanoseconds(nanos)) }
        #expect(small.percentile(0.5) == .nanoseconds(3))
        #expect(small.percentile(0.75) == .nanoseconds(5))
        #expect(LatencyHistogram().percentile(0.99) == .zero)
        #expect(LatencyHistogram().mean == .zero)

        var large = LatencyHistogram()
        large.record(.seconds(3_600))
        large.record(.nanoseconds(-5))
        #expect(large.min == .zero, "a negative duration counts as zero")
        small.merge(large)
        #expect(small.count == 6)
        #expect(small.max == .seconds(3_600))
        #expect(small.min == .zero)
    }
}
