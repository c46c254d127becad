import Foundation
import QuarryFiles
import Testing

@Suite("QuarryFiles' safety rules: storage keys, address scopes, content sniffing")
struct SafetyRuleTests {
    @Test("keys that could escape a storage root or are malformed are refused, with the rule named",
          arguments: [
            ("../etc/passwd", ".. segment"), ("a/../../b", ".. segment"), ("/etc/passwd", "starts with /"),
            ("a//b", "empty segment"), ("a/", "empty segment"), ("./a", ". segment"), (".env", "starting with a dot"),
            ("a/.hidden", "starting with a dot"), ("a\\b", "contains \\"), ("a\0b", "0x00"), ("é.png", "0xC3"),
            ("a b.png", "contains  "), ("", "is empty"), (String(repeating: "a", count: 1025), "longer than 1024"),
          ])
    func badKeys(_ key: String, _ rule: String) {
        #expect {
            try StorageKey.validate(key)
        } throws: { error in
            guard case FileError.invalidKey(_, let reason) = error else { return false }
            return reason.contains(rule)
        }
    }

    @Test("ordinary keys and generated keys pass")
    func goodKeys() throws {
        for key in ["a", "avatars/2026/12/3f2a-b.png", "A_b-c.d/e", "x..y/z"] { try StorageKey.validate(key) }
        let generated = StorageKey.generate(prefix: "avatars", fileExtension: "png", now: Date(timeIntervalSince1970: 1_764_633_600))
        try StorageKey.validate(generated)
        #expect(generated.hasPrefix("avatars/2025/12/"))
        #expect(generated.hasSuffix(".png"))
        #expect(StorageKey.generate(prefix: "avatars", fileExtension: "png") != StorageKey.generate(prefix: "avatars", fileExtension: "png"))
    }

    @Test("address scopes: loopback, private, link-local, reserved and public, IPv4-mapped IPv6 judged as IPv4",
          arguments: [
            ("127.0.0.1", IPAddress.Scope.loopback), ("127.255.0.9", .loopback), ("::1", .loopback),
            ("::ffff:127.0.0.1", .loopback), ("10.0.0.1", .privateNetwork), ("172.16.5.4", .privateNetwork),
            ("172.31.255.255", .privateNetwork), ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork),
            ("fd00::1", .privateNetwork), ("::ffff:10.1.2.3", .privateNetwork), ("169.254.169.254", .linkLocal),
            ("fe80::1", .linkLocal), ("0.0.0.0", .reserved), ("::", .reserved), ("224.0.0.1", .reserved),
            ("255.255.255.255", .reserved), ("ff02::1", .reserved), ("8.8.8.8", .global), ("172.32.0.1", .global),
            ("2606:4700::1111", .global), ("93.184.216.34", .global),
          ])
    func scopes(_ text: String, _ scope: IPAddress.Scope) throws {
        let address = try #require(IPAddress(text))
        #expect(address.scope == scope)
        #expect(IPAddress(address.description) == address)
    }

    @Test("the default fetch policy allows only public addresses; allowing loopback allows only that")
    func policy() throws {
        let strict = FetchPolicy()
        #expect(strict.allows(try #require(IPAddress("8.8.8.8"))))
        #expect(!strict.allows(try #require(IPAddress("127.0.0.1"))))
        #expect(!strict.allows(try #require(IPAddress("169.254.169.254"))))
        let loopback = FetchPolicy(allowedScopes: [.loopback])
        #expect(loopback.allows(try #require(IPAddress("::1"))))
        #expect(!loopback.allows(try #require(IPAddress("10.0.0.1"))))
    }

    @Test("content types are recognised by their magic bytes, not their names")
    func sniffing() {
        #expect(ContentType.sniff(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0])) == .jpeg)
        #expect(ContentType.sniff(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])) == .png)
        #expect(ContentType.sniff(Data("GIF89a....".utf8)) == .gif)
        #expect(ContentType.sniff(Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ContentType.sniff(Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(ContentType.sniff(Data("\u{0}\u{0}\u{0}\u{18}ftypheic".utf8)) == .heif)
        #expect(ContentType.sniff(Data("%PDF-1.7".utf8)) == .pdf)
        #expect(ContentType.sniff(Data("#!/bin/sh\necho hi".utf8)) == nil)
        #expect(ContentType.sniff(Data([0xFF, 0xD8])) == nil, "too short for a JPEG signature")
        #expect(ContentType.sniff(Data([0xFF, 0xD8, 0xFF]), among: [.png]) == nil)
    }
}
