import Quarry
import Synchronization

/// The counts of one tracked block.
final class NPlusOneScope: StatementObserver {
    private let threshold: Int
    private let state = Mutex(State())

    private struct State {
        var shapes: [StatementShape: (count: Int, callSite: CallSite?)] = [:]
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
        let site = CallSite.capture()
        state.withLock { $0.shapes[shape]?.callSite = site }
    }

    func reports() -> [NPlusOneReport] {
        state.withLock { state in
            state.shapes.compactMap { shape, seen in
                seen.count > threshold ? NPlusOneReport(shape: shape, count: seen.count, callSite: seen.callSite) : nil
            }
        }.sorted { ($0.count, $1.shape.text) > ($1.count, $0.shape.text) }
    }

    private static func isTransactionControl(_ shape: StatementShape) -> Bool {
        switch shape.operation {
        case "begin", "commit", "rollback", "savepoint", "release": true
        default: false
        }
    }
}
