import Foundation
import Quarry
#if canImport(Glibc)
import Glibc
#endif

/// Throwaway PostgreSQL servers of a test's own, for tests that stop,
/// restart or need a second server (fault injection, read replicas).
///
/// Each server is a fresh cluster (`initdb`, trust authentication) in a
/// temporary folder, listening on a free loopback port; as root,
/// its programs run as the `postgres` user (PostgreSQL refuses root).
///
/// ```swift
/// try await TestPostgres.withServer { server in
///     let db = try await Database.postgres(server.url)
///     try await server.stop(.immediate)       // a crash, as far as clients can tell
///     try await server.start()                // same port, same data
///     await db.close()
/// }
/// ```
public enum TestPostgres {
    /// Whether this machine can start servers (the binaries are installed).
    public static var isAvailable: Bool { binaries != nil }

    /// Starts a server, runs `body` with it, then stops it and deletes its files.
    public static func withServer<Value>(_ body: (Server) async throws -> Value) async throws -> Value {
        let server = try await Server.create()
        do {
            let value = try await body(server)
            await server.destroy()
            return value
        } catch {
            await server.destroy()
            throw error
        }
    }

    static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }()

    /// How a server stops.
    public enum StopMode: String, Sendable {
        /// Disconnects clients, rolls back their transactions, shuts down cleanly.
        case fast
        /// Kills every process at once, like a crash; recovery runs on the next start.
        case immediate
    }

    /// One private server.
    ///
    /// Commits are synchronous (a commit is acknowledged once its WAL is
    /// written), so an immediate stop — a crash of the server's processes —
    /// keeps every acknowledged commit; `fsync` is off, which only an
    /// operating-system crash would expose.
    public final class Server: Sendable {
        /// The loopback port it listens on (the same after a restart).
        public let port: Int
        private let base: String
        private let binaries: String
        private let runner = TestProgram(name: "quarry.test-postgres")

        /// A URL for `Database.postgres(_:)`.
        public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

        private init(port: Int, base: String, binaries: String) {
            self.port = port
            self.base = base
            self.binaries = binaries
        }

        static func create() async throws -> Server {
            guard let binaries = TestPostgres.binaries else {
                throw QuarryError.misuse("PostgreSQL's server programs are not installed (/usr/lib/postgresql/*/bin)")
            }
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pg-\(UUID().uuidString)").path
            for folder in [base, "\(base)/data", "\(base)/sock"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                if geteuid() == 0, let user = getpwnam("postgres") { chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) }
            }
            chmod("\(base)/data", 0o700)
            let setup = Server(port: 0, base: base, binaries: binaries)
            let status = try await setup.program("initdb", [
                "-D", "\(base)/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ])
            guard status == 0 else {
                throw QuarryError.misuse("initdb failed (\(status)); see \(base)/initdb.log")
            }
            for _ in 0..<10 {
                let server = Server(port: Int.random(in: 20_000...60_000), base: base, binaries: binaries)
                if try await server.launch() { return server }
            }
            throw QuarryError.misuse("a test PostgreSQL server did not start; see \(base)/log")
        }

        /// Starts it again (after ``stop(_:)``) on the same port with the same data.
        public func start() async throws {
            // On a loaded two-core machine the first attempt can fail while the stopped
            // server's last process still holds the port or the lock file: try again briefly.
            for _ in 0..<3 {
                if try await launch() { return }
                try await Task.sleep(for: .seconds(1))
            }
            guard try await launch() else { throw QuarryError.misuse("PostgreSQL did not start again on \(port); see \(base)/log") }
        }

        /// Stops it; returns once it stopped.
        public func stop(_ mode: StopMode = .fast) async throws {
            let status = try await program("pg_ctl", ["-D", "\(base)/data", "-m", mode.rawValue, "-w", "stop"])
            guard status == 0 else { throw QuarryError.misuse("pg_ctl stop failed (\(status))") }
        }

        /// Stops it if it runs and deletes its files.
        func destroy() async {
            _ = try? await program("pg_ctl", ["-D", "\(base)/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: base)
        }

        private func launch() async throws -> Bool {
            let options = "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(base)/sock "
                + "-c fsync=off -c full_page_writes=off -c max_connections=100"
            return try await program("pg_ctl", ["-D", "\(base)/data", "-l", "\(base)/log", "-w", "-o", options, "start"]) == 0
        }

        private func program(_ name: String, _ arguments: [String]) async throws -> Int32 {
            let executable = "\(binaries)/\(name)"
            let log = "\(base)/\(name).log"
            guard geteuid() == 0 else { return try await runner.run(executable, arguments, directory: "/tmp", logFile: log) }
            let runuser = FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser"
            return try await runner.run(runuser, ["-u", "postgres", "--", executable] + arguments, directory: "/tmp", logFile: log)
        }
    }
}
