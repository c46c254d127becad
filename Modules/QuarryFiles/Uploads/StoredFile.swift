import Foundation
import Quarry

/// The record of a file ``FileService`` stored: where it is, what it is
/// (by content), how big, its SHA-256, and the name the client gave (shown
/// to users, never used as a path).
///
/// ```swift
/// try await db.createTables(StoredFile.self)
/// let images = try await StoredFile.filter { $0.contentType == "image/png" }.all(on: db)
/// ```
@Model(table: "quarry_files")
public struct StoredFile {
    @ID public var id: UUID = UUID()
    /// The object's key in its storage (generated).
    @Column(.unique, .maxLength(1024)) public var key: String
    /// The client's file name, as given (display only).
    @Column(.maxLength(255)) public var originalName: String?
    /// The type recognised from the bytes.
    @Column(.maxLength(127)) public var contentType: String
    /// Bytes.
    public var size: Int64
    /// Hex SHA-256 of the bytes.
    @Column(.maxLength(64)) public var sha256: String
    @Column(.defaultNow) public var createdAt: Date?
}
