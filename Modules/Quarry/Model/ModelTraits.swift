/// What a model type is — scoped, change-recording, versioned, stamping
/// updates, marking deletions — found by dynamic casts once per type, not
/// on every statement (each cast is a conformance lookup in the runtime).
///
/// `@Model` and `@View` store one per type; a hand-written model computes
/// it on each use unless it stores one the same way:
///
/// ```swift
/// static let _quarryTraits = ModelTraits(of: Invoice.self)
/// Invoice._quarryTraits.isScoped   // true for a TenantScoped model
/// ```
public struct ModelTraits: Sendable {
    /// The model has default scopes (``ScopedModel``).
    public let isScoped: Bool
    /// Its writes are recorded (``ChangeRecording``).
    public let recordsChanges: Bool
    /// It carries a row version (``VersionedModel``).
    public let isVersioned: Bool
    /// Its updates write stamps such as `updatedAt` (``BulkUpdateStamping``).
    public let stampsUpdates: Bool
    /// Deleting marks rows instead of removing them (``DeletionMarking``).
    public let marksDeletion: Bool

    public init(of type: any FetchableModel.Type) {
        isScoped = type is any ScopedModel.Type
        recordsChanges = type is any ChangeRecording.Type
        isVersioned = type is any VersionedModel.Type
        stampsUpdates = type is any BulkUpdateStamping.Type
        marksDeletion = type is any DeletionMarking.Type
    }
}
