import Foundation
import QuarryFiles
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// Loopback allowed explicitly: the fixture server is on 127.0.0.1.
private func loopbackFetcher(_ configure: (inout FetchPolicy) -> Void = { _ in }) -> RemoteFetcher {
    var policy = FetchPolicy(allowedScopes: [.loopback])
    configure(&policy)
    return RemoteFetcher(policy: policy)
}

private func expectRefusedAddress(_ fetcher: RemoteFetcher, _ url: String, scope: String) async {
    await #expect("\(url)") {
        _ = try await fetcher.fetch(url)
    } throws: { error in
        guard case FileError.addressNotAllowed(_, _, let refused) = error else { return false }
        return refused == scope
    }
}

@Suite("RemoteFetcher: limits and server-side request forgery protection, against a local HTTP server")
struct RemoteFetchTests {
    @Test("a fixture image arrives byte-exact, through redirects within the limit")
    func fetches() async throws {
        try await FixtureServer.with(fetchScenario)
    }

    @Test("private, loopback, link-local and reserved addresses are refused by default — literal, by name, and after a redirect")
    func forgery() async throws {
        try await FixtureServer.with(forgeryScenario)
    }

    @Test("an oversized download stops at the limit, early; an announced oversize stops before the body")
    func oversized() async throws {
        try await FixtureServer.with(oversizedScenario)
    }

    @Test("too many redirects, a timeout, and schemes other than http(s) are errors naming the URL")
    func limits() async throws {
        try await FixtureServer.with(limitsScenario)
    }
}

private func fetchScenario(_ server: FixtureServer) async throws {
    let fetcher = loopbackFetcher()
    let file = try await fetcher.fetch("\(server.base)/images/photo.jpg")
    #expect(file.data == (try fixtureImage("photo.jpg")))
    #expect(file.contentType == "application/octet-stream", "the server's claim, reported as is")
    let redirected = try await fetcher.fetch("\(server.base)/redirect/3")
    #expect(redirected.data == (try fixtureImage("photo.jpg")))
    #expect(redirected.url.hasSuffix("/images/photo.jpg"))

    let target = temporaryDirectory().appendingPathComponent("photo.jpg")
    #expect(try await fetcher.download("\(server.base)/images/photo.jpg", to: target) == Int64(try fixtureImage("photo.jpg").count))
    #expect(try Data(contentsOf: target) == (try fixtureImage("photo.jpg")))
    await #expect(throws: FileError.httpStatus(url: "\(server.base)/images/missing.jpg", status: 404)) {
        _ = try await fetcher.fetch("\(server.base)/images/missing.jpg")
    }
}

private func forgeryScenario(_ server: FixtureServer) async throws {
    let strict = RemoteFetcher()
    await expectRefusedAddress(strict, "\(server.base)/images/photo.jpg", scope: "loopback")
    await expectRefusedAddress(strict, "http://localhost:\(server.port)/images/photo.jpg", scope: "loopback")
    await expectRefusedAddress(strict, "http://[::1]:\(server.port)/", scope: "loopback")
    await expectRefusedAddress(strict, "http://169.254.169.254/latest/meta-data/", scope: "linkLocal")
    await expectRefusedAddress(strict, "http://10.0.0.1/", scope: "privateNetwork")
    await expectRefusedAddress(strict, "http://0.0.0.0:\(server.port)/", scope: "reserved")
    await expectRefusedAddress(strict, "http://2130706433:\(server.port)/", scope: "loopback")  // 127.0.0.1 as one number

    // Loopback allowed, private networks not: a redirect to one is refused
    // on the address libcurl is about to connect to.
    let loopback = loopbackFetcher()
    await expectRefusedAddress(loopback, "\(server.base)/redirect-to?url=http://192.168.0.1/secret", scope: "privateNetwork")
    await expectRefusedAddress(loopback, "\(server.base)/redirect-to?url=http://169.254.169.254/", scope: "linkLocal")
}

private func oversizedScenario(_ server: FixtureServer) async throws {
    let fetcher = loopbackFetcher { $0.maximumBytes = 1 << 20 }
    let started = ContinuousClock.now
    await #expect(throws: FileError.tooLarge(limit: 1 << 20)) { _ = try await fetcher.fetch("\(server.base)/endless") }
    #expect(ContinuousClock.now - started < .seconds(10))
    try await Task.sleep(for: .milliseconds(200))
    let sent = server.endlessBytesSent
    #expect(sent < 4 << 20, "the server stopped sending soon after the 1 MiB limit: \(sent) bytes")

    await #expect(throws: FileError.tooLarge(limit: 1 << 20)) { _ = try await fetcher.fetch("\(server.base)/announced") }
    let target = temporaryDirectory().appendingPathComponent("endless.bin")
    await #expect(throws: FileError.tooLarge(limit: 1 << 20)) { _ = try await fetcher.download("\(server.base)/endless", to: target) }
    #expect(!FileManager.default.fileExists(atPath: target.path), "a failed download leaves no file")
}

private func limitsScenario(_ server: FixtureServer) async throws {
    let fetcher = loopbackFetcher { $0.maximumRedirects = 2 }
    await #expect(throws: FileError.tooManyRedirects(url: "\(server.base)/redirect/5")) { _ = try await fetcher.fetch("\(server.base)/redirect/5") }

    let impatient = loopbackFetcher { $0.timeout = .milliseconds(300) }
    let started = ContinuousClock.now
    await #expect(throws: FileError.timedOut(url: "\(server.base)/slow")) { _ = try await impatient.fetch("\(server.base)/slow") }
    #expect(ContinuousClock.now - started < .milliseconds(2_500), "a 300 ms timeout ends the transfer, not the server's 3 s answer")

    for url in ["file:///etc/passwd", "ftp://example.com/a", "gopher://example.com/", "not a url", "http:///nohost"] {
        await #expect(throws: FileError.schemeNotAllowed(url: url)) { _ = try await fetcher.fetch(url) }
    }
    // A redirect to another scheme is refused by libcurl's protocol list.
    await #expect(throws: FileError.self) { _ = try await fetcher.fetch("\(server.base)/redirect-to?url=file:///etc/passwd") }
}
