/// How far a batch run is, reported after each chunk.
public struct BatchProgress: Sendable, Hashable {
    /// Items finished so far: committed, failed or skipped.
    public let done: Int
    public let succeeded: Int
    public let failed: Int
    /// All items, when known (a query is counted first; a sequence is not).
    public let total: Int?
    public let elapsed: Duration

    public init(done: Int, succeeded: Int, failed: Int, total: Int?, elapsed: Duration) {
        self.done = done
        self.succeeded = succeeded
        self.failed = failed
        self.total = total
        self.elapsed = elapsed
    }

    /// Items per second so far.
    public var rate: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(done) / seconds : 0
    }

    /// A one-line progress bar: `[##########··········]  50% 5000/10000 · 3 failed · 1234/s`.
    public func bar(width: Int = 30) -> String {
        let rate = "\(Int(self.rate.rounded()))/s"
        let failures = failed > 0 ? " · \(failed) failed" : ""
        guard let total, total > 0 else { return "\(done) done\(failures) · \(rate)" }
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = String(Int((fraction * 100).rounded(.down)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled) + "] "
            + String(repeating: " ", count: 3 - percent.count) + percent + "% \(done)/\(total)\(failures) · \(rate)"
    }
}

/// A terminal progress bar for batch runs: redraws one line in place
/// (carriage return) on standard error, and ends it when the run does.
///
/// ```swift
/// let bar = ProgressBar()
/// let summary = try await BatchProcessor(progress: bar.update).processItems(rows, on: db) { … }
/// bar.finish()
/// ```
public struct ProgressBar: Sendable {
    public let width: Int
    private let write: @Sendable (String) -> Void

    public init(width: Int = 30, write: @escaping @Sendable (String) -> Void = ProgressBar.standardError) {
        self.width = width
        self.write = write
    }

    /// Draws `progress`; pass this as a batch's `progress` callback.
    public var update: @Sendable (BatchProgress) -> Void {
        let (width, write) = (width, write)
        return { progress in write("\r" + progress.bar(width: width)) }
    }

    /// Ends the line.
    public func finish() { write("\n") }

    /// Writes to standard error without buffering.
    public static let standardError: @Sendable (String) -> Void = { text in
        FileOutput.standardError(text)
    }
}
