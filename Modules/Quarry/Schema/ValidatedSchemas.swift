import Synchronization

/// Remembers which models' schemas passed ``TableSchema/validate()``, so
/// that inserts check a schema once per process instead of once per call.
enum ValidatedSchemas {
    private static let validated = Mutex<Set<ObjectIdentifier>>([])

    static func validate<M: FetchableModel>(_ model: M.Type) throws {
        let id = ObjectIdentifier(model)
        if validated.withLock({ $0.contains(id) }) { return }
        try M.schema.validate()
        _ = validated.withLock { $0.insert(id) }
    }
}
