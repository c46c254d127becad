import Foundation

/// One registered migration and whether the database applied it.
///
/// ```swift
/// for status in try await migrator.history() {
///     print(status.name, status.appliedAt.map { "\($0)" } ?? "pending")
/// }
/// ```
public struct MigrationStatus: Sendable, Hashable {
    public let name: String
    /// When it was applied; `nil` when pending.
    public let appliedAt: Date?
    public var isApplied: Bool { appliedAt != nil }
}
