import Foundation
import Quarry
#if canImport(Glibc)
import Glibc
#endif

/// Runs programs for the test servers (redis-server, initdb, pg_ctl) on a
/// thread of its own: waiting for a process never blocks the cooperative
/// pool (Foundation's `Process` waits through a run loop that hangs when two
/// tasks wait at once).
///
/// ```swift
/// let runner = TestProgram(name: "quarry.test-redis")
/// let status = try await runner.run("/usr/bin/redis-cli", ["-p", "6379", "ping"])
/// ```
public final class TestProgram: Sendable {
    private let thread: DedicatedThreadExecutor

    /// A runner with its own thread, named `name`.
    public init(name: String) {
        thread = DedicatedThreadExecutor(name: name)
    }

    deinit {
        thread.shutdown()
    }

    /// Runs `executable` with `arguments` to its end and returns its exit
    /// status (-1 when a signal ended it). Output goes to `/dev/null`, or
    /// to `logFile` when given; the working directory is `directory` (the
    /// current one when `nil`).
    public func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, logFile: String? = nil
    ) async throws -> Int32 {
        // `env -C` changes directory (glibc's posix_spawn chdir action is not imported).
        let (program, argumentList) = directory.map { ("/usr/bin/env", ["-C", $0, executable] + arguments) }
            ?? (executable, arguments)
        return try await thread.run { try Self.spawnAndWait(program, argumentList, logFile: logFile) }
    }

    private static func spawnAndWait(
        _ executable: String, _ arguments: [String], logFile: String?
    ) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let output = logFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw QuarryError.misuse("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WEXITSTATUS without the macro: the exit code is the second byte.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
