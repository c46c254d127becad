/// One repeated statement shape found by an ``NPlusOneDetector``.
public struct NPlusOneReport: Sendable, Hashable, CustomStringConvertible {
    /// The statement's shape.
    public var shape: StatementShape
    /// How many times it ran in the block.
    public var count: Int
    /// Where the run that crossed the threshold was started, when known.
    public var callSite: CallSite?

    public var description: String {
        "\(shape.text) ran \(count) times" + (callSite.map { ", from \($0)" } ?? "")
    }
}

/// Thrown by ``NPlusOneDetector/track(_:)`` with ``NPlusOneDetector/Action/fail``.
public struct NPlusOneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every repeated shape, most repeated first.
    public var reports: [NPlusOneReport]

    public var description: String {
        "N+1 queries: " + reports.map(\.description).joined(separator: "; ")
    }
}
