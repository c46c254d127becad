import Crypto
import Foundation

/// Signs cursors with HMAC-SHA256 so that a client can neither forge a
/// position nor alter one: a cursor whose signature does not verify is
/// rejected before anything in it is read. Keep the secret on the server
/// (at least 32 bytes); rotating it invalidates outstanding cursors.
///
/// ```swift
/// let signer = try CursorSigner(secret: Data(environment["CURSOR_SECRET"]!.utf8))
/// ```
public struct CursorSigner: Sendable {
    /// The secret's bytes (`SymmetricKey` is not `Sendable` in every
    /// swift-crypto version; a key is made per use, which is cheap).
    private let secret: Data

    /// - Throws: ``SignerError/secretTooShort(_:)`` for fewer than 32 bytes.
    public init(secret: some DataProtocol) throws {
        guard secret.count >= 32 else {
            throw SignerError.secretTooShort(secret.count)
        }
        self.secret = Data(secret)
    }

    /// A fresh random secret, for tests and single-process apps (cursors
    /// then die with the process).
    public static func random() -> CursorSigner {
        // 32 random bytes always satisfy the length check.
        try! CursorSigner(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// Why a secret was refused.
    public enum SignerError: Error, Sendable, Equatable {
        case secretTooShort(Int)
    }

    /// `payload` with its signature: `base64url(payload).base64url(mac)`.
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    func seal(_ payload: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Base64URL.encode(payload) + "." + Base64URL.encode(Data(mac))
    }

    /// The payload of a cursor this signer sealed.
    ///
    /// - Throws: ``PaginationError/invalidCursor(_:)`` for anything else.
    func open(_ cursor: String) throws -> Data {
        let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]), let mac = Base64URL.decode(parts[1]) else {
            throw PaginationError.invalidCursor("not a cursor")
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else {
            throw PaginationError.invalidCursor("the signature does not match")
        }
        return payload
    }
}

/// Base64 with the URL-safe alphabet and no padding: cursors travel in
/// query strings.
enum Base64URL {
    /// Maps the standard alphabet byte by byte (`replacingOccurrences`
    /// bridged through NSString three times per cursor, a few per cent of
    /// a listing request).
    static func encode(_ data: Data) -> String {
        var bytes = Array(data.base64EncodedData())
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> Data? {
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), text.allSatisfy(\.isASCII) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
