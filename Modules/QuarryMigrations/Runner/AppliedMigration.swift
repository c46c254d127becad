import Foundation
import Quarry

/// A row of the history table: which migration ran, its checksum then, and when.
@Model(table: "quarry_migrations")
public struct AppliedMigration: Sendable {
    @ID public var name: String
    public var checksum: String
    @Column(.defaultNow) public var appliedAt: Date?
}
