import Quarry
import Runtime
import Synchronization

/// Where a statement was started from in the caller's code: the innermost
/// stack frame outside Quarry's own modules and the Swift runtime.
///
/// Finding it takes two steps, so that nothing slow runs on the statement's
/// task: ``capture()`` records the raw frames (an unwind of the stack, no
/// I/O), and ``resolve(_:)`` symbolicates them — reading symbol tables from
/// disk — on a thread of its own. File and line come from debug
/// information; a release build without it names the function only.
///
/// ```swift
/// let frames = CallSite.capture()                 // in the statement's task
/// let site = await CallSite.resolve(frames)       // later, off the cooperative pool
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

    /// Raw frames from ``capture()``, to be resolved later.
    public struct Frames: Sendable {
        let backtrace: Backtrace
    }

    /// Modules whose frames are skipped: Quarry's libraries and the runtime.
    static let libraryModules: Set<String> = [
        "Quarry", "QuarrySQLite", "QuarryPostgres", "QuarryMonitoring", "QuarryResilience", "QuarryMixins",
        "QuarryCache", "QuarryRedis", "QuarryStreaming", "QuarryPagination", "QuarryBatch", "QuarryMigrations",
        "QuarryTesting", "Swift", "_Concurrency", "Synchronization", "Foundation", "FoundationEssentials",
        "Testing",
    ]

    /// The process's images, read once (see ``prepare()``).
    private static let images = Mutex<ImageMap?>(nil)
    private static let symbolicator = DedicatedThreadExecutor(name: "quarry.callsite")

    /// Reads the process's image map once, on a thread of its own: reading
    /// it waits while Quarry unmaps files (see `FileMappings`), and reads
    /// `/proc`. Libraries loaded later are not symbolicated.
    public static func prepare() async {
        guard images.withLock({ $0 == nil }) else { return }
        let map = try? await symbolicator.run { FileMappings.whileReadingAll { ImageMap.capture() } }
        images.withLock { if $0 == nil { $0 = map } }
    }

    /// The raw frames of the current task, or `nil` before ``prepare()``
    /// or when the stack cannot be read. Cheap: no I/O, no symbolication.
    public static func capture() -> Frames? {
        guard let map = images.withLock({ $0 }), let backtrace = try? Backtrace.capture(images: map) else {
            return nil
        }
        return Frames(backtrace: backtrace)
    }

    /// The caller's frame in `frames`, symbolicated on a thread of its own.
    public static func resolve(_ frames: Frames) async -> CallSite? {
        try? await symbolicator.run { firstCallerFrame(in: frames.backtrace) } ?? nil
    }

    private static func firstCallerFrame(in backtrace: Backtrace) -> CallSite? {
        guard let symbolicated = backtrace.symbolicated() else { return nil }
        for frame in symbolicated.frames {
            guard let symbol = frame.symbol, let module = module(ofMangled: symbol.rawName),
                !libraryModules.contains(module), !isCompilerGenerated(symbol.name, file: symbol.sourceLocation?.path)
            else { continue }
            return CallSite(
                function: symbol.name, file: symbol.sourceLocation?.path,
                line: symbol.sourceLocation.map { Int($0.line) })
        }
        return nil
    }

    /// Whether a frame is code the compiler wrote in the caller's module —
    /// a protocol witness calling into Quarry (`RowDecodable._fetchAll` in
    /// a model's conformance), a thunk — rather than the caller's own.
    static func isCompilerGenerated(_ function: String, file: String?) -> Bool {
        file == "<compiler-generated>"
            || ["protocol witness for ", "reabstraction thunk", "partial apply for ", "thunk for "]
                .contains { function.hasPrefix($0) }
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
