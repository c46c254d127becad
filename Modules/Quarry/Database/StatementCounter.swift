import Synchronization

/// Counts the statements a block of code runs: the tool for proving that a
/// prefetch costs exactly one extra query, in Quarry's tests and yours.
///
/// The count covers statements started by the task running the block and
/// its child tasks, on any `Database`, `Session` or `Transaction`.
///
/// ```swift
/// let (authors, statements) = try await StatementCounter.count {
///     try await Author.query.all(on: db)
/// }
/// #expect(statements == 1)
/// ```
public final class StatementCounter: Sendable {
    @TaskLocal static var current: StatementCounter?
    private let value = Atomic<Int>(0)

    private init() {}

    /// The number of statements run so far.
    public var count: Int { value.load(ordering: .relaxed) }

    func increment() { value.add(1, ordering: .relaxed) }

    /// Runs `body` and returns its result with the number of statements it ran.
    public static func count<Value>(
        _ body: () async throws -> Value
    ) async rethrows -> (value: Value, statements: Int) {
        let counter = StatementCounter()
        let value = try await $current.withValue(counter) { try await body() }
        return (value, counter.count)
    }
}
