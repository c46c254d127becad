import Quarry
import Runtime

/// Where a statement was started from in the caller's code: the innermost
/// stack frame outside Quarry's own modules and the Swift runtime.
///
/// Capturing walks and symbolicates the stack (about a millisecond): the
/// N+1 detector does it once per reported shape, never per statement. File
/// and line come from debug information; a release build without it names
/// the function only.
///
/// ```swift
/// let site = CallSite.capture()
/// print(site)   // "AuthorRoutes.list(request:) at Sources/App/AuthorRoutes.swift:42"
/// ```
public struct CallSite: Sendable, Hashable, CustomStringConvertible {
    /// The function's demangled name.
    public var function: String
    /// The source file, when debug information names it.
    public var file: String?
    /// The line in `file`.
    public var line: Int?

    public var description: String {
        guard let file else { return function }
        return "\(function) at \(file)" + (line.map { ":\($0)" } ?? "")
    }

    /// Modules whose frames are skipped: Quarry's libraries and the runtime.
    static let libraryModules: Set<String> = [
        "Quarry", "QuarrySQLite", "QuarryPostgres", "QuarryMonitoring", "QuarryResilience", "QuarryMixins",
        "QuarryCache", "QuarryRedis", "QuarryStreaming", "QuarryPagination", "QuarryBatch", "QuarryMigrations",
        "QuarryTesting", "Swift", "_Concurrency", "Synchronization", "Foundation", "FoundationEssentials",
        "Testing",
    ]

    /// The caller's frame, or `nil` when the stack cannot be read.
    public static func capture() -> CallSite? {
        // Reading the image map races with files being unmapped: see FileMappings.
        let images = FileMappings.whileReadingAll { ImageMap.capture() }
        guard let backtrace = try? Backtrace.capture(images: images), let symbolicated = backtrace.symbolicated()
        else {
            return nil
        }
        for frame in symbolicated.frames {
            guard let symbol = frame.symbol, let module = module(ofMangled: symbol.rawName),
                !libraryModules.contains(module)
            else { continue }
            return CallSite(
                function: symbol.name, file: symbol.sourceLocation?.path,
                line: symbol.sourceLocation.map { Int($0.line) })
        }
        return nil
    }

    /// The module a Swift mangled name (`$s6Quarry…`) belongs to; `nil` for
    /// C symbols, thunks and standard-library substitutions.
    static func module(ofMangled name: String) -> String? {
        var rest = Substring(name)
        for prefix in ["$s", "_$s", "$S", "_T0"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isNumber }
            guard let length = Int(digits), length > 0 else { return nil }
            let module = rest.dropFirst(digits.count).prefix(length)
            return module.count == length ? String(module) : nil
        }
        return nil
    }
}
