import Foundation
import Quarry

/// The Redis the suites use, and throwaway servers of their own for tests
/// that stop one.
///
/// ```swift
/// let url = try TestRedis.url()                       // QUARRY_REDIS_URL, set by `make test`
/// let server = try await TestRedis.Server.start()     // a private redis-server
/// try await server.stop()
/// ```
public enum TestRedis {
    /// `QUARRY_REDIS_URL`.
    ///
    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when unset.
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["QUARRY_REDIS_URL"], !url.isEmpty else {
            throw QuarryError.invalidArgument(
                name: "QUARRY_REDIS_URL", reason: "is not set: run `make test`, or `make services` and export the URL it prints")
        }
        return url
    }

    /// A redis-server of the test's own (no persistence), on a free port,
    /// that the test may stop and start again on the same port.
    public final class Server: Sendable {
        public let port: Int
        private let directory: URL
        private let runner = TestProgram(name: "quarry.test-redis")

        public var url: String { "redis://127.0.0.1:\(port)" }

        private init(port: Int, directory: URL) {
            self.port = port
            self.directory = directory
        }

        /// Starts a server on a free port.
        public static func start() async throws -> Server {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-redis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for _ in 0..<20 {
                let server = Server(port: Int.random(in: 20_000...60_000), directory: directory)
                if try await server.launch() { return server }
            }
            throw QuarryError.misuse("no free port for a test redis-server")
        }

        /// Starts it again on its port (after ``stop()``).
        public func restart() async throws {
            guard try await launch() else { throw QuarryError.misuse("redis-server did not start again on \(port)") }
        }

        /// Stops it without saving; returns once the port stops answering.
        public func stop() async throws {
            _ = try await program("/usr/bin/redis-cli", ["-p", String(port), "shutdown", "nosave"])
            for _ in 0..<100 where try await program("/usr/bin/redis-cli", ["-p", String(port), "ping"]) == 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        private func launch() async throws -> Bool {
            let status = try await program("/usr/bin/redis-server", [
                "--port", String(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", "", "--appendonly", "no",
                "--dir", directory.path, "--pidfile", directory.appendingPathComponent("redis.pid").path,
                "--logfile", directory.appendingPathComponent("redis.log").path,
            ])
            guard status == 0 else { return false }
            for _ in 0..<100 {
                if try await program("/usr/bin/redis-cli", ["-p", String(port), "ping"]) == 0 { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        private func program(_ executable: String, _ arguments: [String]) async throws -> Int32 {
            try await runner.run(executable, arguments)
        }
    }
}
