import Synchronization

/// Keeps code that reads every memory mapping of the process apart from
/// code that removes mappings.
///
/// Capturing a backtrace's image map (what the N+1 detector does to name a
/// call site) reads the first bytes of each file mapped into the process; if
/// another thread unmaps one of those files meanwhile — SQLite unmaps its
/// WAL shared-memory file when a connection closes — the read crashes the
/// process. Drivers unmap inside ``whileUnmapping(_:)``; readers of the map
/// run inside ``whileReadingAll(_:)``. Both are rare and short.
///
/// ```swift
/// FileMappings.whileUnmapping { sqlite3_close_v2(handle) }
/// let images = FileMappings.whileReadingAll { ImageMap.capture() }
/// ```
package enum FileMappings {
    private static let lock = Mutex<Void>(())

    /// Runs `body`, which may unmap files, while no reader of the whole map runs.
    package static func whileUnmapping<Value>(_ body: () throws -> Value) rethrows -> Value {
        try lock.withLock { _ in try body() }
    }

    /// Runs `body`, which reads every mapping, while nothing Quarry owns is unmapped.
    package static func whileReadingAll<Value>(_ body: () throws -> Value) rethrows -> Value {
        try lock.withLock { _ in try body() }
    }
}
