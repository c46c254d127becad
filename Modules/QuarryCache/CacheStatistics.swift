/// What a cache did so far: for monitoring and tests.
public struct CacheStatistics: Sendable, Hashable {
    public var hits = 0
    public var misses = 0
    /// Entries dropped to stay within the entry or byte bound.
    public var evictions = 0
    /// Entries found expired.
    public var expirations = 0
    /// Entries dropped by tag invalidation.
    public var invalidations = 0
    public var entries = 0
    public var bytes = 0

    public init() {}

    /// Hits over lookups, 0 before any.
    public var hitRate: Double {
        hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses)
    }
}
