import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address, classified for server-side request forgery
/// checks: is it loopback, private, link-local, or otherwise not a public
/// internet address?
///
/// ```swift
/// IPAddress("10.1.2.3")?.scope        // .privateNetwork
/// IPAddress("::ffff:127.0.0.1")?.scope // .loopback (IPv4-mapped)
/// ```
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let bytes: [UInt8]

    /// Where an address points.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// A public internet address: always allowed.
        case global
        /// 127.0.0.0/8, ::1.
        case loopback
        /// 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7.
        case privateNetwork
        /// 169.254/16 (cloud metadata services live here), fe80::/10.
        case linkLocal
        /// 0.0.0.0/8, ::, multicast, broadcast, documentation and other
        /// reserved ranges: never a destination.
        case reserved
    }

    /// Parses dotted IPv4 or textual IPv6.
    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// The address in a `sockaddr` (AF_INET or AF_INET6).
    init?(socketAddress: UnsafePointer<sockaddr>) {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            bytes = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                withUnsafeBytes(of: address.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                withUnsafeBytes(of: address.pointee.sin6_addr) { Array($0) }
            }
        default:
            return nil
        }
    }

    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, raw.baseAddress, &text, socklen_t(text.count))
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where the address points; an IPv4-mapped or -compatible IPv6 address
    /// is judged by its IPv4 part.
    public var scope: Scope {
        if bytes.count == 4 { return Self.scope(v4: bytes) }
        let isMapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let isCompatible = bytes[0..<12].allSatisfy { $0 == 0 } && !(bytes[12..<15].allSatisfy { $0 == 0 })
        if isMapped || isCompatible { return Self.scope(v4: Array(bytes[12..<16])) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : .reserved  // ::1, ::
        }
        switch (bytes[0], bytes[1]) {
        case (0xFC...0xFD, _): return .privateNetwork
        case (0xFE, 0x80...0xBF): return .linkLocal
        case (0xFE, 0xC0...0xFF): return .privateNetwork  // deprecated site-local
        case (0xFF, _): return .reserved  // multicast
        case (0x20, 0x01) where bytes[2] == 0x0D && bytes[3] == 0xB8: return .reserved  // documentation
        case (0x00, 0x64) where bytes[2] == 0xFF && bytes[3] == 0x9B:  // NAT64 of an IPv4 address
            return Self.scope(v4: Array(bytes[12..<16]))
        default: return .global
        }
    }

    private static func scope(v4 b: [UInt8]) -> Scope {
        switch (b[0], b[1]) {
        case (127, _): return .loopback
        case (10, _), (172, 16...31), (192, 168), (100, 64...127): return .privateNetwork
        case (169, 254): return .linkLocal
        case (0, _), (224...255, _): return .reserved  // "this network", multicast, reserved, broadcast
        case (192, 0) where b[2] == 0 || b[2] == 2: return .reserved  // IETF protocol assignments, TEST-NET-1
        case (198, 18...19): return .reserved  // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return .reserved  // TEST-NET-2/3
        default: return .global
        }
    }
}
