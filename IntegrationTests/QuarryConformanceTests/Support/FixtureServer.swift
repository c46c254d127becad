import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `Fixtures/`, from the repository root.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

/// A fixture image's bytes.
func fixtureImage(_ name: String) throws -> Data {
    try Data(contentsOf: fixturesDirectory.appendingPathComponent("images/\(name)"))
}

/// A real HTTP server on a loopback port serving `Fixtures/images`, plus
/// routes that misbehave on purpose: redirect chains, a redirect to a given
/// URL, an endless body paced at 64 KiB per 5 ms (counting what it sent:
/// unpaced, the server would only be filling its own buffers), a body
/// announced larger than it is, and a slow answer.
final class FixtureServer: Sendable {
    let port: Int
    private let counter: ByteCounter
    private let stop: @Sendable () async -> Void

    var base: String { "http://127.0.0.1:\(port)" }
    /// Body bytes `/endless` has handed to the socket so far.
    var endlessBytesSent: Int { counter.value.load(ordering: .relaxed) }

    private init(port: Int, counter: ByteCounter, stop: @escaping @Sendable () async -> Void) {
        self.port = port
        self.counter = counter
        self.stop = stop
    }

    /// Runs `body` with a started server; stops it afterwards.
    static func with<Value>(_ body: (FixtureServer) async throws -> Value) async throws -> Value {
        let counter = ByteCounter()
        let router = Router()
        router.get("/images/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            guard !name.contains("/"), let data = try? fixtureImage(name) else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/redirect/:count") { _, context -> Response in
            let count = try context.parameters.require("count", as: Int.self)
            let next = count <= 1 ? "/images/photo.jpg" : "/redirect/\(count - 1)"
            return Response(status: .found, headers: [.location: next])
        }
        router.get("/redirect-to") { request, _ -> Response in
            Response(status: .found, headers: [.location: request.uri.queryParameters.get("url") ?? "/"])
        }
        router.get("/endless") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                let chunk = ByteBuffer(repeating: 0x61, count: 64 << 10)
                while true {
                    try await writer.write(chunk)
                    counter.value.add(chunk.readableBytes, ordering: .relaxed)
                    try await Task.sleep(for: .milliseconds(5))
                }
            })
        }
        router.get("/announced") { _, _ -> Response in
            Response(status: .ok, headers: [.contentLength: String(100 << 20)], body: .init(byteBuffer: ByteBuffer(string: "tiny")))
        }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(3))
            return "late"
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fixture-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { sink.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        let server = FixtureServer(port: port, counter: counter, stop: {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
        })
        do {
            let value = try await body(server)
            await server.stop()
            return value
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// A count shared by a route and the test.
private final class ByteCounter: Sendable {
    let value = Atomic<Int>(0)
}
