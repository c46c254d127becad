import Foundation

/// The proxies whose `X-Forwarded-For` a server believes: addresses and
/// CIDR ranges (IPv4 and IPv6). Nobody is trusted unless listed — a client
/// that talks to the server directly can send any `X-Forwarded-For`.
///
/// ```swift
/// let proxies = try TrustedProxies(["10.0.0.0/8", "127.0.0.1", "fd00::/8"])
/// RateLimitMiddleware(limiter, key: .forwardedFor(trusting: proxies))
/// ```
public struct TrustedProxies: Sendable, Hashable {
    private struct Range: Sendable, Hashable {
        let network: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var remaining = prefixLength
            for index in network.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != network[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    private let ranges: [Range]

    /// No proxy: forwarded headers are never believed.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses `entries`, each an address (`10.0.0.7`, `::1`) or a CIDR range
    /// (`10.0.0.0/8`, `fd00::/8`).
    ///
    /// - Throws: ``Invalid`` naming the entry.
    public init(_ entries: [String]) throws {
        ranges = try entries.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let network = Self.bytes(of: parts[0]) else { throw Invalid(entry: entry) }
            let prefixLength = parts.count == 2 ? Int(parts[1]) : network.count * 8
            guard let prefixLength, (0...(network.count * 8)).contains(prefixLength) else { throw Invalid(entry: entry) }
            return Range(network: network, prefixLength: prefixLength)
        }
    }

    /// An entry that is neither an address nor a CIDR range.
    public struct Invalid: Error, CustomStringConvertible {
        public let entry: String
        public var description: String { "trusted proxies: '\(entry)' is not an IP address or CIDR range" }
    }

    /// Whether `address` (text, as a socket reports it) is a trusted proxy.
    public func contains(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client a request comes from: `peer` itself unless it is a trusted
    /// proxy; then the `X-Forwarded-For` hops from the right, skipping trusted
    /// proxies, up to the first that is not one (what a client cannot forge).
    func client(peer: String, forwardedFor header: String?) -> String {
        guard contains(peer), let header else { return peer }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !contains(hop) {
            return hop
        }
        return hops.first ?? peer
    }

    /// An address's bytes (4 for IPv4, 16 for IPv6), or `nil`.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
