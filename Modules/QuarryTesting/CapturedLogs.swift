import Logging
import Synchronization

/// Collects what a `Logger` writes, for tests that assert on logging.
///
/// ```swift
/// let logs = CapturedLogs()
/// let logger = logs.logger(level: .debug)
/// logger.debug("query", metadata: ["sql": "SELECT 1"])
/// #expect(logs.entries.first?.metadata["sql"] == "SELECT 1")
/// ```
public final class CapturedLogs: Sendable {
    /// One logged message with its level and metadata, rendered as text.
    public struct Entry: Sendable, Hashable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]

        /// The message and every metadata value in one string.
        public var fullText: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: " ")
        }
    }

    private let storage = Mutex<[Entry]>([])

    public init() {}

    /// Everything logged so far.
    public var entries: [Entry] { storage.withLock { $0 } }

    /// A logger that writes here. Its handler takes a metadata provider
    /// (merged into every entry) unless `takesMetadataProviders` is false,
    /// like a handler written before swift-log had them.
    public func logger(label: String = "quarry.test", level: Logger.Level = .trace, takesMetadataProviders: Bool = true) -> Logger {
        var logger = Logger(label: label) { _ in Handler(logs: self, takesProviders: takesMetadataProviders) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        let takesProviders: Bool
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        private var provider: Logger.MetadataProvider?

        init(logs: CapturedLogs, takesProviders: Bool) {
            self.logs = logs
            self.takesProviders = takesProviders
        }

        var metadataProvider: Logger.MetadataProvider? {
            get { provider }
            set { if takesProviders { provider = newValue } }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            for (key, value) in provider?.get() ?? [:] { merged[key] = value }
            for (key, value) in event.metadata ?? [:] { merged[key] = value }
            logs.append(Entry(
                level: event.level, message: event.message.description,
                metadata: merged.mapValues { $0.description }))
        }
    }
}
