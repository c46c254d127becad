// quarry-images-bench: thumbnailing 100 JPEGs through QuarryImages'
// ImageProcessor, against the same work done by libvips' own
// `vipsthumbnail` command-line tool (Debian's libvips-tools).
//
//   make bench-images
//   quarry-images-bench [--count 100] [--size 256] [--source Fixtures/images/photo.jpg]
//
// The inputs are made first: Fixtures/images/photo.jpg enlarged to
// 2048×1536 (3.1 MP, a phone photo's order of size) and saved 100 times
// at qualities 80–94, so no two files are the same. Each side then makes
// 256×256 (fit) JPEG thumbnails, quality 80, metadata stripped, of every
// file: Quarry with 1 and with 2 images at a time; vipsthumbnail as one
// process (it works through its files one at a time) and as two processes
// splitting the files. Peak memory: VmHWM of this process (reset through
// /proc/self/clear_refs) for Quarry, GNU time's maximum RSS summed over
// the processes for vipsthumbnail.

import Foundation
import QuarryImages

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func peakRSSMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func resetPeakRSS() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// Starts a program under GNU time, which writes its maximum RSS to `report`.
func startTimed(_ arguments: [String], report: URL) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M", "-o", report.path] + arguments
    try process.run()
    return process
}

/// Runs a program in `directory` and waits for it.
func run(_ program: String, _ arguments: [String], in directory: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
}

func currentRSSMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

let count = Int(option("--count") ?? "") ?? 100
let size = Int(option("--size") ?? "") ?? 256
let source = URL(fileURLWithPath: option("--source") ?? "Fixtures/images/photo.jpg")
let work = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-images-bench-\(UUID().uuidString)")
let inputs = work.appendingPathComponent("in")
try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

print("Making \(count) inputs (2048×1536 JPEG with photo-like noise) from \(source.path)…")
let maker = ImageProcessor(concurrency: 2)
let base = try await maker.process(.file(source), [.resize(width: 2048, height: 1536, mode: .exact)], output: .png())
try base.data.write(to: work.appendingPathComponent("base.png"))
// Grain, so the JPEGs carry detail a real photo has (a smooth gradient
// compresses to almost nothing and decodes unrealistically fast).
for step in [
    ["gaussnoise", "noise.v", "2048", "1536", "--sigma", "24", "--mean", "0"],
    ["bandjoin", "noise.v noise.v noise.v", "noise3.v"], ["add", "base.png", "noise3.v", "sum.v"],
    ["cast", "sum.v", "grainy.v", "uchar"],
] {
    try run("vips", step, in: work)
}
var made: [URL] = []
for index in 0..<count {
    let file = inputs.appendingPathComponent(String(format: "photo-%03d.jpg", index))
    try run("vips", ["jpegsave", "grainy.v", file.path, "--Q", String(80 + index % 15)], in: work)
    made.append(file)
}
let files = made
let inputBytes = files.reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
print(String(format: "  %.1f MB in all\n", Double(inputBytes) / 1e6))

@MainActor
func quarry(concurrency: Int) async throws -> (seconds: Double, peakMiB: Double, baselineMiB: Double) {
    let size = size
    let images = ImageProcessor(concurrency: concurrency)
    let output = work.appendingPathComponent("quarry-\(concurrency)")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    resetPeakRSS()
    let baseline = currentRSSMiB()
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for file in files {
            group.addTask {
                let thumbnail = try await images.thumbnail(.file(file), width: size, height: size, output: .jpeg(quality: 80))
                precondition(max(thumbnail.width, thumbnail.height) == size)
                try thumbnail.data.write(to: output.appendingPathComponent(file.lastPathComponent))
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (seconds, peakRSSMiB(), baseline)
}

@MainActor
func vipsthumbnail(processes: Int) throws -> (seconds: Double, peakMiB: Double) {
    let output = work.appendingPathComponent("vips-\(processes)")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let shares = (0..<processes).map { share in files.enumerated().filter { $0.offset % processes == share }.map(\.element.path) }
    let reports = shares.indices.map { work.appendingPathComponent("time-\(processes)-\($0)") }
    let started = ContinuousClock.now
    let running = try zip(shares, reports).map { share, report in
        try startTimed(["vipsthumbnail", "-s", "\(size)x\(size)", "-o", "\(output.path)/%s.jpg[Q=80,strip]"] + share, report: report)
    }
    for process in running {
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
    let peaks = try reports.map { Double(try String(contentsOf: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (seconds, peaks.reduce(0, +) / 1024)
}

print("| thumbnailer | images at once | wall s | images/s | peak RSS MiB (growth) |")
print("|---|---:|---:|---:|---:|")
for round in 0..<2 {  // the first round warms caches; the second is reported
    var rows: [(String, Int, Double, String)] = []
    for concurrency in [1, 2] {
        let result = try await quarry(concurrency: concurrency)
        let memory = String(format: "%.0f (+%.0f over the process's %.0f)", result.peakMiB, result.peakMiB - result.baselineMiB, result.baselineMiB)
        rows.append(("Quarry ImageProcessor", concurrency, result.seconds, memory))
    }
    for processes in [1, 2] {
        let result = try vipsthumbnail(processes: processes)
        rows.append(("vipsthumbnail (\(processes) process\(processes > 1 ? "es" : ""))", processes, result.seconds, String(format: "%.0f", result.peakMiB)))
    }
    guard round == 1 else { continue }
    for (name, concurrency, seconds, memory) in rows {
        print("| \(name) | \(concurrency) | " + String(format: "%.2f | %.1f | ", seconds, Double(count) / seconds) + memory + " |")
    }
}
