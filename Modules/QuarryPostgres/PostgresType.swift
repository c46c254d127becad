import CLibPQ

/// The built-in PostgreSQL type OIDs Quarry sends and reads (pg_type.oid).
enum PostgresType {
    static let bool: Oid = 16
    static let bytea: Oid = 17
    static let char: Oid = 18
    static let name: Oid = 19
    static let int8: Oid = 20
    static let int2: Oid = 21
    static let int4: Oid = 23
    static let text: Oid = 25
    static let oid: Oid = 26
    static let json: Oid = 114
    static let float4: Oid = 700
    static let float8: Oid = 701
    static let unknown: Oid = 705
    static let void: Oid = 2278
    static let bpchar: Oid = 1042
    static let varchar: Oid = 1043
    static let date: Oid = 1082
    static let timestamp: Oid = 1114
    static let timestamptz: Oid = 1184
    static let numeric: Oid = 1700
    static let uuid: Oid = 2950
    static let jsonb: Oid = 3802

    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01.
    static let epochOffsetMicroseconds: Int64 = 946_684_800_000_000

    static func isText(_ type: Oid) -> Bool {
        type == text || type == varchar || type == bpchar || type == name || type == unknown || type == char
    }
}

/// Reads big-endian integers from a binary-format value.
extension UnsafePointer<CChar> {
    func bigEndian<Integer: FixedWidthInteger>(_ type: Integer.Type, at offset: Int = 0) -> Integer {
        Integer(bigEndian: UnsafeRawPointer(self).loadUnaligned(fromByteOffset: offset, as: Integer.self))
    }
}
