import Foundation
import QuarryFiles

/// The S3 server the suites use (`QUARRY_S3_URL`, set by `make test`:
/// `http://ACCESS:SECRET@host:port`, moto checking signatures), and a
/// bucket of a test's own on it.
enum TestS3 {
    struct Server {
        var endpoint: String
        var accessKey: String
        var secretKey: String
    }

    static func server() throws -> Server {
        guard let text = ProcessInfo.processInfo.environment["QUARRY_S3_URL"], let url = URLComponents(string: text),
              let user = url.percentEncodedUser?.removingPercentEncoding,
              let password = url.percentEncodedPassword?.removingPercentEncoding, let host = url.host, let port = url.port
        else { throw TestS3Error.unset }
        return Server(endpoint: "\(url.scheme ?? "http")://\(host):\(port)", accessKey: user, secretKey: password)
    }

    /// A configuration for a fresh bucket.
    static func configuration(secretKey: String? = nil) throws -> S3Configuration {
        let server = try server()
        return S3Configuration(
            endpoint: server.endpoint, bucket: "quarry-test-\(UUID().uuidString.prefix(12).lowercased())",
            accessKey: server.accessKey, secretKey: secretKey ?? server.secretKey)
    }

    /// A storage on a fresh bucket, created.
    static func storage(_ configure: (inout S3Configuration) -> Void = { _ in }) async throws -> S3Storage {
        var configuration = try configuration()
        configure(&configuration)
        let storage = try S3Storage(configuration)
        try await storage.createBucket()
        return storage
    }
}

enum TestS3Error: Error, CustomStringConvertible {
    case unset
    case serverDidNotStart(port: Int)
    var description: String {
        switch self {
        case .unset: "QUARRY_S3_URL is not set: run `make test`, or `make services` and export the URL it prints"
        case .serverDidNotStart(let port): "a private moto server did not start (last port tried: \(port))"
        }
    }
}

extension TestS3 {
    /// Runs `body` with a private moto server that checks no signatures,
    /// for presigned URLs: moto 5.2.1 cannot check a query-string signature
    /// while signature checking is on (it answers 500, looking for an
    /// Authorization header), so the suite's server cannot serve them.
    static func withOpenServer<Value>(_ body: (_ endpoint: String) async throws -> Value) async throws -> Value {
        let executable = ProcessInfo.processInfo.environment["QUARRY_MOTO_SERVER"]
            ?? fixturesDirectory.deletingLastPathComponent().appendingPathComponent(".build/python/bin/moto_server").path
        // A random port may be taken (moto then exits): up to three ports.
        for attempt in 1...3 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            do {
                guard let endpoint = try await answering(port: port, process) else {
                    await stop(process)
                    if attempt < 3 { continue }
                    throw TestS3Error.serverDidNotStart(port: port)
                }
                let value = try await body(endpoint)
                await stop(process)
                return value
            } catch {
                await stop(process)
                throw error
            }
        }
        throw TestS3Error.serverDidNotStart(port: 0)
    }

    /// SIGTERM, then SIGKILL after 2 s; polled, never blocking a cooperative thread.
    private static func stop(_ process: Process) async {
        process.terminate()
        for _ in 0..<40 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The server's endpoint once it answers, or `nil` when it exited first.
    /// Moto (a Python program) can take many seconds to start while the
    /// whole suite runs on two cores: waits up to 60 s.
    private static func answering(port: Int, _ process: Process) async throws -> String? {
        let endpoint = "http://127.0.0.1:\(port)"
        let probe = try S3Storage(S3Configuration(endpoint: endpoint, bucket: "probe", accessKey: "open", secretKey: "open"))
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            guard process.isRunning else { return nil }
            do {
                _ = try await probe.head("probe")
                return endpoint
            } catch FileError.transfer where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            } catch FileError.s3 {
                return endpoint  // answering (NoSuchBucket)
            }
        }
    }
}
