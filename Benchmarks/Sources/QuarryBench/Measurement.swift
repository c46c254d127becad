import CCallgrind
import Foundation

/// Wall time and memory of one run.
struct Measurement: Codable {
    var milliseconds: Double
    /// The process's peak resident set during the run.
    var peakRSSMiB: Double
    /// How far the peak rose above the resident set at the start.
    var growthMiB: Double
}

enum Meter {
    /// Resets the process's peak RSS (Linux: `5` to `/proc/self/clear_refs`).
    static func resetPeak() {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, "5", 1)
        close(descriptor)
    }

    /// The resident set now, in MiB (`VmRSS`).
    static func currentRSSMiB() -> Double { status("VmRSS:") }

    /// The peak resident set since the last reset, in MiB (`VmHWM`).
    static func peakRSSMiB() -> Double { status("VmHWM:") }

    private static func status(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kib / 1024
        }
        return 0
    }

    /// Under valgrind (ci/bench-instructions), whether callgrind counts.
    static let onValgrind = quarry_on_valgrind() != 0

    /// Runs `body` once, timed; under callgrind its instructions and calls
    /// are collected alone and dumped as `name` (the dump's description).
    static func measure(_ name: String, _ body: () async throws -> Void) async throws -> Measurement {
        resetPeak()
        let start = currentRSSMiB()
        let clock = ContinuousClock()
        let started = clock.now
        if onValgrind { quarry_callgrind_start() }
        try await body()
        if onValgrind { quarry_callgrind_stop(name) }
        let elapsed = clock.now - started
        let (seconds, attoseconds) = elapsed.components
        let peak = peakRSSMiB()
        return Measurement(
            milliseconds: Double(seconds) * 1_000 + Double(attoseconds) / 1e15, peakRSSMiB: peak,
            growthMiB: max(0, peak - start))
    }
}
