import Foundation

/// The rules a storage key follows, and generated keys that follow them.
///
/// A key is the path of an object inside a storage: segments of ASCII
/// letters, digits, `-`, `_` and `.` joined by `/`; no empty, `.` or `..`
/// segment, no segment starting with a dot, no leading slash, at most 1,024
/// bytes. Keys that could escape a ``LocalStorage`` root (`../etc/passwd`,
/// `/etc/passwd`, `a\b`) are refused with ``FileError/invalidKey(_:reason:)``
/// by every storage operation. Keys for uploads are generated, never taken
/// from the client's file name.
///
/// ```swift
/// try StorageKey.validate("avatars/2026/12/3f2a….png")   // ok
/// try StorageKey.validate("../../etc/passwd")             // throws invalidKey
/// let key = StorageKey.generate(prefix: "avatars", fileExtension: "png")
/// ```
public enum StorageKey {
    /// The longest key, in UTF-8 bytes (S3's own limit).
    public static let maximumLength = 1024

    /// Checks `key` against the rules.
    ///
    /// - Throws: ``FileError/invalidKey(_:reason:)`` naming the rule broken.
    public static func validate(_ key: String) throws {
        try check(key, allowEmpty: false)
    }

    /// Checks a listing prefix: like a key, but it may be empty or end with `/`.
    public static func validatePrefix(_ prefix: String) throws {
        guard !prefix.isEmpty else { return }
        try check(prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix, allowEmpty: false)
    }

    /// A fresh key `prefix/yyyy/mm/<uuid>.<fileExtension>` (UTC date).
    public static func generate(prefix: String, fileExtension: String?, now: Date = Date()) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        let date = String(format: "%04d/%02d", parts.year ?? 1970, parts.month ?? 1)
        let name = UUID().uuidString.lowercased() + (fileExtension.map { ".\($0)" } ?? "")
        return [prefix, date, name].filter { !$0.isEmpty }.joined(separator: "/")
    }

    private static func check(_ key: String, allowEmpty: Bool) throws {
        guard !key.isEmpty else { throw FileError.invalidKey(key, reason: "is empty") }
        guard key.utf8.count <= maximumLength else {
            throw FileError.invalidKey(String(key.prefix(40)) + "…", reason: "is longer than \(maximumLength) bytes")
        }
        guard !key.hasPrefix("/") else { throw FileError.invalidKey(key, reason: "starts with /") }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw FileError.invalidKey(key, reason: "has an empty segment (//, or a trailing /)") }
            if segment == "." || segment == ".." { throw FileError.invalidKey(key, reason: "has a \(segment) segment") }
            if segment.hasPrefix(".") { throw FileError.invalidKey(key, reason: "has a segment starting with a dot") }
            for byte in segment.utf8 where !isAllowed(byte) {
                let shown = byte < 0x20 || byte >= 0x7F ? String(format: "0x%02X", byte) : String(UnicodeScalar(byte))
                throw FileError.invalidKey(key, reason: "contains \(shown); allowed: letters, digits, -, _, . and /")
            }
        }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }
}
