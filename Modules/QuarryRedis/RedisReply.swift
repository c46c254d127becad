import CHiredis

/// One reply from Redis.
public enum RedisReply: Sendable, Hashable {
    case string([UInt8])
    case integer(Int64)
    case array([RedisReply])
    case null
    case status(String)
    case error(String)

    /// Copies hiredis's reply (which the caller frees).
    init(_ reply: UnsafePointer<redisReply>) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            self = .string(value.str.map { Array(UnsafeRawBufferPointer(start: $0, count: value.len)) } ?? [])
        case REDIS_REPLY_INTEGER:
            self = .integer(value.integer)
        case REDIS_REPLY_ARRAY:
            self = .array((0..<value.elements).map { index in
                value.element[index].map { RedisReply(UnsafePointer($0)) } ?? .null
            })
        case REDIS_REPLY_STATUS:
            self = .status(value.str.map { String(cString: $0) } ?? "")
        case REDIS_REPLY_ERROR:
            self = .error(value.str.map { String(cString: $0) } ?? "")
        default:
            self = .null
        }
    }

    /// The bytes of a string reply, `nil` for anything else.
    public var bytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    /// The text of a string or status reply.
    public var text: String? {
        switch self {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }
}

/// What went wrong talking to Redis.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, or the connection broke (a timeout included).
    case connection(String)
    /// The server answered with an error.
    case server(String)

    public var description: String {
        switch self {
        case .connection(let message): "redis connection: \(message)"
        case .server(let message): "redis: \(message)"
        }
    }
}
