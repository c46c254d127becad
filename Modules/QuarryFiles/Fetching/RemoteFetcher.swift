import Foundation
import Quarry

/// Downloads files from http(s) URLs given by users — avatars, images to
/// thumbnail — safely: only http and https, a timeout, a size limit enforced
/// while downloading, a redirect limit, and no connections to loopback,
/// private, link-local or reserved addresses unless the ``FetchPolicy``
/// allows them (server-side request forgery).
///
/// Transfers run on worker threads of their own (libcurl blocks), never on
/// the cooperative pool; cancelling the calling task stops the transfer.
///
/// ```swift
/// let fetcher = RemoteFetcher(policy: FetchPolicy(maximumBytes: 5 << 20))
/// let file = try await fetcher.fetch("https://example.com/cat.jpg")
/// print(file.data.count, file.contentType ?? "?")
/// ```
public final class RemoteFetcher: Sendable {
    /// A downloaded file.
    public struct Fetched: Sendable {
        public var data: Data
        /// The `Content-Type` the server claimed (not checked: sniff the bytes).
        public var contentType: String?
        /// The URL after redirects.
        public var url: String
    }

    public let policy: FetchPolicy
    private let workers: BlockingWorkers

    /// - Parameters:
    ///   - policy: limits and allowed addresses.
    ///   - workers: the threads transfers run on (default: four of the fetcher's own).
    public init(policy: FetchPolicy = FetchPolicy(), workers: BlockingWorkers? = nil) {
        self.policy = policy
        self.workers = workers ?? BlockingWorkers(name: "quarry.fetch", count: 4)
    }

    /// Fetches `url` into memory (at most ``FetchPolicy/maximumBytes``).
    ///
    /// - Throws: ``FileError/schemeNotAllowed(url:)``,
    ///   ``FileError/addressNotAllowed(host:address:scope:)``,
    ///   ``FileError/tooLarge(limit:)`` (stopped at the limit),
    ///   ``FileError/tooManyRedirects(url:)``, ``FileError/timedOut(url:)``,
    ///   ``FileError/httpStatus(url:status:)`` for a non-2xx answer.
    public func fetch(_ url: String) async throws -> Fetched {
        let (transfer, host) = try prepare(url)
        let policy = policy
        return try await workers.run {
            var data = Data()
            transfer.onBody = { data.append(contentsOf: $0) }
            let response = try Self.perform(transfer, url: url, host: host, policy: policy)
            return Fetched(data: data, contentType: response.headers["content-type"], url: transfer.effectiveURL)
        }
    }

    /// Fetches `url` into a file at `path` (written to a temporary file
    /// beside it, then renamed: a failed download leaves nothing behind).
    ///
    /// - Returns: the bytes written.
    @discardableResult
    public func download(_ url: String, to path: URL) async throws -> Int64 {
        let (transfer, host) = try prepare(url)
        let policy = policy
        return try await workers.run {
            try AtomicFileWriter.write(to: path) { handle in
                transfer.onBody = { try handle.write(contentsOf: $0) }
                _ = try Self.perform(transfer, url: url, host: host, policy: policy)
                return transfer.bytesReceived
            }
        }
    }

    private func prepare(_ url: String) throws -> (CurlTransfer, String) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty
        else { throw FileError.schemeNotAllowed(url: url) }
        // A literal address is refused before any work; names are checked
        // on the address libcurl connects to.
        if let literal = IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))), !policy.allows(literal) {
            throw FileError.addressNotAllowed(host: host, address: literal.description, scope: literal.scope.rawValue)
        }
        let transfer = try CurlTransfer(url: url, method: "GET", timeout: policy.timeout, connectTimeout: policy.connectTimeout)
        transfer.followRedirects(limit: policy.maximumRedirects)
        transfer.maximumBytes = policy.maximumBytes
        transfer.header("User-Agent", policy.userAgent)
        let policy = policy
        transfer.checkAddress = { [unowned transfer] address in
            guard !policy.allows(address) else { return nil }
            let current = URL(string: transfer.effectiveURL)?.host ?? host
            return FileError.addressNotAllowed(host: current, address: address.description, scope: address.scope.rawValue)
        }
        return (transfer, host)
    }

    private static func perform(_ transfer: CurlTransfer, url: String, host: String, policy: FetchPolicy) throws -> CurlTransfer.Response {
        let response = try transfer.perform()
        guard (200..<300).contains(response.status) else {
            throw FileError.httpStatus(url: transfer.effectiveURL, status: response.status)
        }
        return response
    }
}
