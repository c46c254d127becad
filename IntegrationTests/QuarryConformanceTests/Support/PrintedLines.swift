import Synchronization

/// The lines a `quarry` command printed (its configuration's `output`).
final class PrintedLines: Sendable {
    private let storage = Mutex<[String]>([])
    var text: String { storage.withLock { $0.joined(separator: "\n") } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
