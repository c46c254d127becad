import Quarry
import Testing

private struct Failure: Error {}

@Suite("Dedicated thread executor")
struct DedicatedThreadExecutorTests {
    @Test("run executes its body on the executor's thread, and only there")
    func runsOnThread() async throws {
        let executor = DedicatedThreadExecutor(name: "quarry.test")
        defer { executor.shutdown() }
        #expect(!executor.isCurrent)
        let inside = try await executor.run { executor.isCurrent }
        #expect(inside)
        #expect(!executor.isCurrent)
    }

    @Test("code under the executor's preference calls run inline")
    func nestedRunsInline() async throws {
        let executor = DedicatedThreadExecutor(name: "quarry.test")
        defer { executor.shutdown() }
        let results = try await withTaskExecutorPreference(executor) {
            var results: [Bool] = []
            for _ in 0..<100 {
                results.append(try await executor.run { executor.isCurrent })
            }
            return results
        }
        #expect(results.count == 100 && results.allSatisfy { $0 })
    }

    @Test("errors thrown on the thread reach the caller")
    func errorsPropagate() async {
        let executor = DedicatedThreadExecutor(name: "quarry.test")
        defer { executor.shutdown() }
        await #expect(throws: Failure.self) {
            try await executor.run { throw Failure() }
        }
    }

    @Test("many concurrent callers are served one at a time")
    func serial() async throws {
        let executor = DedicatedThreadExecutor(name: "quarry.test")
        defer { executor.shutdown() }
        let values = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { try await executor.run { executor.isCurrent } } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(values.count == 50 && values.allSatisfy { $0 })
    }
}
