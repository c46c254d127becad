/// What a batch does when an item (or a chunk) fails for good — after its
/// retries, or at once for an error that is not transient.
///
/// ```swift
/// BatchProcessor(chunkSize: 500, onFailure: .stop)
/// ```
public enum FailurePolicy: Sendable, Hashable {
    /// Record the failure in the summary, with the item and its error, and go on.
    case collect
    /// Count the failure and go on, keeping no record of the item.
    case skip
    /// Stop: no new chunk starts, the failing chunk rolls back whole, and
    /// chunks already committed stay committed.
    case stop
}
