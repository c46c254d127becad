// quarry-bench: DESIGN.md's workloads W1–W8 on SQLite and PostgreSQL, each
// through Quarry and through the raw C driver in the same process.
//
//   make bench                         (builds in release, starts PostgreSQL)
//   quarry-bench [--db sqlite,postgres] [--workloads W1,W4] [--runs 5] [--label text] [--json file]
//                [--quarry-only]      (for profiling: skips the raw loops)
//                [--scale 0.1]        (row and statement counts scaled down, for callgrind)
//                [--traced]           (DatabaseTracing attached to an in-memory tracer: what building spans costs)
//   make bench-instructions            (instructions and malloc calls under callgrind: ci/bench-instructions)
//
// A plain harness rather than ordo-one/benchmark: it must run two
// implementations of each workload side by side on shared data and report
// their ratio, and measure peak RSS per run (VmHWM reset through
// /proc/self/clear_refs) — simple with a clock and /proc, awkward through a
// framework built around independent benchmarks and jemalloc.

import Foundation

struct Result: Codable {
    var database: String
    var workload: String
    var name: String
    var quarry: [Measurement]
    var raw: [Measurement]
    var quarryMedianMs: Double
    var rawMedianMs: Double
    var ratio: Double
    var target: Double?
    var quarryPeakRSSMiB: Double
    var rawPeakRSSMiB: Double
    var quarryGrowthMiB: Double
    var rawGrowthMiB: Double
    var boundsMemory: Bool

    /// The bound on Quarry's peak-RSS growth during a run (W8's target: a
    /// stream of 1M rows stays within it).
    static let growthLimitMiB = 64.0
    var growthVerdict: String { "growth < 64 MiB: " + (quarryGrowthMiB < Self.growthLimitMiB ? "met" : "missed") }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// The run, off the main actor: on the cooperative pool, where a server's requests run.
enum Bench {
    static func run() async throws -> [Result] {
        let databases = (option("--db") ?? "sqlite,postgres").split(separator: ",").map(String.init)
        let selected = option("--workloads").map { Set($0.split(separator: ",").map(String.init)) }
        let runs = Int(option("--runs") ?? "5") ?? 5
        var results: [Result] = []

        for database in databases {
            let backend: Backend
            switch database {
            case "sqlite":
                backend = try await Backend.sqlite()
            case "postgres":
                guard let url = ProcessInfo.processInfo.environment["QUARRY_POSTGRES_URL"] else {
                    print("skipping PostgreSQL: QUARRY_POSTGRES_URL is not set (make bench starts a server)")
                    continue
                }
                backend = try await Backend.postgres(url: url)
            default:
                print("unknown database \(database)")
                continue
            }
            if CommandLine.arguments.contains("--probe") {
                try await Probe.run(backend)
                await backend.close()
                continue
            }
            for workload in Workloads.all() where selected?.contains(workload.id) ?? true {
                var quarry: [Measurement] = []
                var raw: [Measurement] = []
                for _ in 0..<runs {
                    // The dump name ci/bench-instructions parses: workload|side|database|units|unit name.
                    let dump = { (side: String) in
                        "\(workload.id)|\(side)|\(database)|\(workload.unit?.count ?? 0)|\(workload.unit?.name ?? "")"
                    }
                    try await workload.prepare(backend)
                    quarry.append(try await Meter.measure(dump("quarry")) { try await workload.quarry(backend) })
                    guard !CommandLine.arguments.contains("--quarry-only") else { continue }
                    try await workload.prepare(backend)
                    raw.append(try await Meter.measure(dump("raw")) { try await workload.raw(backend) })
                }
                let quarryMedian = median(quarry.map(\.milliseconds)), rawMedian = median(raw.map(\.milliseconds))
                let result = Result(
                    database: backend.name, workload: workload.id, name: workload.name, quarry: quarry, raw: raw,
                    quarryMedianMs: quarryMedian, rawMedianMs: rawMedian, ratio: quarryMedian / rawMedian,
                    target: database == "sqlite" ? workload.targets.sqlite : workload.targets.postgres,
                    quarryPeakRSSMiB: quarry.map(\.peakRSSMiB).max() ?? 0, rawPeakRSSMiB: raw.map(\.peakRSSMiB).max() ?? 0,
                    quarryGrowthMiB: quarry.map(\.growthMiB).max() ?? 0, rawGrowthMiB: raw.map(\.growthMiB).max() ?? 0,
                    boundsMemory: workload.boundsMemory)
                results.append(result)
                let verdict = result.target.map { result.ratio <= $0 ? "met (≤ \($0))" : "MISSED (≤ \($0))" } ?? "memory"
                print(
                    "\(backend.name) \(workload.id) \(workload.name): quarry "
                        + String(format: "%.1f ms, raw %.1f ms, ×%.2f ", quarryMedian, rawMedian, result.ratio) + verdict
                        + String(format: "; peak RSS %.0f / %.0f MiB, growth %.0f / %.0f MiB", result.quarryPeakRSSMiB,
                                 result.rawPeakRSSMiB, result.quarryGrowthMiB, result.rawGrowthMiB))
            }
            await backend.close()
        }
        return results
    }
}

let label = option("--label") ?? "unpinned"
let runs = Int(option("--runs") ?? "5") ?? 5
// A synchronous main that waits for the run: valgrind 3.19 dies on the
// rt_sigsuspend with which an async top-level main parks the main thread.
nonisolated(unsafe) var outcome: Swift.Result<[Result], any Error>?
let finished = DispatchSemaphore(value: 0)
Task.detached {
    do { outcome = .success(try await Bench.run()) } catch { outcome = .failure(error) }
    finished.signal()
}
finished.wait()
let results = try outcome!.get()

print("\n| workload | database | Quarry ms | raw ms | Quarry ÷ raw | target | peak RSS growth Quarry / raw (MiB) |")
print("| --- | --- | ---: | ---: | ---: | --- | ---: |")
for result in results {
    let ratio = result.target.map { (result.ratio <= $0 ? "met ≤ " : "missed ≤ ") + String($0) }
    let target = [ratio, result.boundsMemory ? result.growthVerdict : nil].compactMap { $0 }.joined(separator: "; ")
    print(String(
        format: "| %@ %@ | %@ | %.1f | %.1f | %.2f | %@ | %.0f / %.0f |", result.workload, result.name, result.database,
        result.quarryMedianMs, result.rawMedianMs, result.ratio, target, result.quarryGrowthMiB, result.rawGrowthMiB))
}

if let path = option("--json") {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let document = ["label": label, "runs": String(runs)] as [String: String]
    struct Output: Codable { var meta: [String: String]; var results: [Result] }
    try encoder.encode(Output(meta: document, results: results)).write(to: URL(fileURLWithPath: path))
    print("\nwrote \(path)")
}
