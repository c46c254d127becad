import Quarry
import Synchronization

/// The counts of one tracked block.
final class NPlusOneScope: StatementObserver {
    private let threshold: Int
    private let state = Mutex(State())

    private struct State {
        var shapes: [StatementShape: (count: Int, frames: CallSite.Frames?)] = [:]
    }

    init(threshold: Int) { self.threshold = threshold }

    func statementDidFinish(_ event: StatementEvent) {
        let shape = StatementShape(event.sql)
        guard !Self.isTransactionControl(shape) else { return }
        let crossed = state.withLock { state -> Bool in
            let count = state.shapes[shape, default: (0, nil)].count + 1
            state.shapes[shape, default: (0, nil)].count = count
            return count == threshold + 1
        }
        guard crossed else { return }
        let frames = CallSite.capture()
        state.withLock { $0.shapes[shape]?.frames = frames }
    }

    /// The shapes over the threshold, most repeated first, with their call
    /// sites resolved (off the cooperative pool).
    func reports() async -> [NPlusOneReport] {
        let repeated = state.withLock { state in
            state.shapes.filter { $0.value.count > threshold }.map { ($0.key, $0.value.count, $0.value.frames) }
        }
        var reports: [NPlusOneReport] = []
        for (shape, count, frames) in repeated {
            let site = if let frames { await CallSite.resolve(frames) } else { CallSite?.none }
            reports.append(NPlusOneReport(shape: shape, count: count, callSite: site))
        }
        return reports.sorted { ($0.count, $1.shape.text) > ($1.count, $0.shape.text) }
    }

    private static func isTransactionControl(_ shape: StatementShape) -> Bool {
        switch shape.operation {
        case "begin", "commit", "rollback", "savepoint", "release": true
        default: false
        }
    }
}
