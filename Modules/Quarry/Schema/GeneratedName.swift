/// The names Quarry generates for constraints and indexes
/// (`uq_<table>_<columns>`, `ix_…`, `fk_…`, `ck_…`), bounded to
/// ``maxLength`` bytes: PostgreSQL silently truncates longer identifiers,
/// which can make two names equal and let `IF NOT EXISTS` skip the second
/// object. A name that would be longer keeps its first bytes and ends in
/// `_` and eight hex digits of a stable hash of the whole name, so it stays
/// distinct and is the same on every database and every run.
///
/// ```swift
/// GeneratedName.bounded("uq_tenant_subscription_invoices_customer_reference_billing_period_start")
/// // "uq_tenant_subscription_invoices_customer_reference_bil_d74c67a4" (63 bytes)
/// ```
package enum GeneratedName {
    /// PostgreSQL's identifier limit (NAMEDATALEN - 1), the smallest of the
    /// supported databases.
    public static let maxLength = 63

    /// `name` itself when it fits, else its bounded form.
    public static func bounded(_ name: String) -> String {
        guard name.utf8.count > maxLength else { return name }
        let suffix = "_" + hash(name)
        var prefix = ""
        var bytes = 0
        for character in name {
            let size = character.utf8.count
            guard bytes + size <= maxLength - suffix.utf8.count else { break }
            prefix.append(character)
            bytes += size
        }
        return prefix + suffix
    }

    /// `<prefix>_<table>_<parts joined by _>`, bounded.
    public static func make(_ prefix: String, table: String, _ parts: [String]) -> String {
        bounded(([prefix, table] + parts).joined(separator: "_"))
    }

    /// Eight hex digits of FNV-1a over the UTF-8 bytes (stable, unlike `Hasher`).
    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        let folded = UInt32(truncatingIfNeeded: value ^ (value >> 32))
        let hex = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
