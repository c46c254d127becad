import Foundation

/// Wall time and peak resident memory of one run.
struct Measurement: Codable {
    var milliseconds: Double
    var peakRSSMiB: Double
}

enum Meter {
    /// Resets the process's peak RSS (Linux: `5` to `/proc/self/clear_refs`).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The peak resident set since the last reset, in MiB (`VmHWM`).
    static func peakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kib / 1024
        }
        return 0
    }

    static func measure(_ body: () async throws -> Void) async throws -> Measurement {
        resetPeak()
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Measurement(
            milliseconds: Double(seconds) * 1_000 + Double(attoseconds) / 1e15, peakRSSMiB: peakRSSMiB())
    }
}
