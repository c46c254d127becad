import CHiredis
import Foundation
import Quarry
import Synchronization

/// One connection to Redis through hiredis, on a thread of its own: every
/// blocking call (connect, send, wait for a reply) runs there, never on
/// the cooperative pool.
///
/// ```swift
/// let connection = try await RedisConnection.connect(configuration)
/// let reply = try await connection.send(["SET", "greeting", "hello"])
/// ```
public final class RedisConnection: PooledConnection, @unchecked Sendable {
    // @unchecked Sendable: `context` is only touched on `thread`, one
    // caller at a time (the pool lends a connection to one task); `broken`
    // is atomic.
    private let thread: DedicatedThreadExecutor
    private let context: UnsafeMutablePointer<redisContext>
    private let broken = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)
    private static let counter = Atomic<Int>(0)

    private init(thread: DedicatedThreadExecutor, context: UnsafeMutablePointer<redisContext>) {
        self.thread = thread
        self.context = context
    }

    /// Opens a connection, authenticates and selects the database.
    ///
    /// - Throws: ``RedisError``.
    public static func connect(_ configuration: RedisConfiguration) async throws -> RedisConnection {
        let number = counter.add(1, ordering: .relaxed).newValue
        let thread = DedicatedThreadExecutor(name: "quarry.redis.\(number)")
        do {
            let context = try await thread.run { () throws -> UnsafeMutablePointer<redisContext> in
                guard let context = redisConnectWithTimeout(
                    configuration.host, Int32(configuration.port), timeval(configuration.connectTimeout))
                else {
                    throw RedisError.connection("cannot allocate a context")
                }
                if quarry_redis_error_code(context) != 0 {
                    let message = String(cString: quarry_redis_error_text(context))
                    redisFree(context)
                    throw RedisError.connection("\(configuration.host):\(configuration.port): \(message)")
                }
                redisSetTimeout(context, timeval(configuration.commandTimeout))
                return context
            }
            let connection = RedisConnection(thread: thread, context: context)
            if let password = configuration.password {
                try await connection.send(["AUTH", password]).checked()
            }
            if configuration.database != 0 {
                try await connection.send(["SELECT", String(configuration.database)]).checked()
            }
            return connection
        } catch {
            thread.shutdown()
            throw error
        }
    }

    /// Sends one command and waits for its reply. A server error comes back
    /// as ``RedisReply/error(_:)``; a broken connection throws.
    ///
    /// - Throws: ``RedisError/connection(_:)``.
    public func send(_ arguments: [String]) async throws -> RedisReply {
        try await send(arguments.map { Array($0.utf8) })
    }

    /// ``send(_:)-([String])`` with binary arguments.
    public func send(_ arguments: [[UInt8]]) async throws -> RedisReply {
        try await pipeline([arguments])[0]
    }

    /// Sends `commands` in one write and reads their replies in order: one
    /// round trip for all of them.
    ///
    /// - Throws: ``RedisError/connection(_:)``.
    public func pipeline(_ commands: [[[UInt8]]]) async throws -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        guard isUsable else { throw RedisError.connection("the connection is closed") }
        return try await thread.run { [context] in
            for command in commands {
                let code = Self.withArgv(command) { count, argv, lengths in
                    redisAppendCommandArgv(context, count, argv, lengths)
                }
                guard code == REDIS_OK else { throw failure() }
            }
            var replies: [RedisReply] = []
            replies.reserveCapacity(commands.count)
            for _ in commands {
                var raw: UnsafeMutableRawPointer?
                guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw failure() }
                let reply = raw.assumingMemoryBound(to: redisReply.self)
                replies.append(RedisReply(reply))
                freeReplyObject(raw)
            }
            return replies
        }
    }

    /// Waits for the next message pushed to this connection (after
    /// `SUBSCRIBE`); a read timeout returns `nil`, the connection stays usable.
    func nextPush() async throws -> RedisReply? {
        try await thread.run { [context] in
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                // hiredis reports a read timeout as an I/O error with EAGAIN.
                if quarry_redis_error_code(context) == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    context.pointee.err = 0
                    return nil
                }
                throw failure()
            }
            defer { freeReplyObject(raw) }
            return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
        }
    }

    /// Marks the connection broken and describes why (on the thread).
    private func failure() -> RedisError {
        broken.store(true, ordering: .relaxed)
        let code = quarry_redis_error_code(context)
        return .connection(code == 0 ? "no reply" : String(cString: quarry_redis_error_text(context)))
    }

    private static func withArgv<R>(
        _ arguments: [[UInt8]], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        let buffers = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
            }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var argv: [UnsafePointer<CChar>?] = buffers.map { UnsafePointer($0) }
        let lengths = arguments.map(\.count)
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { body(Int32(arguments.count), argvBuffer.baseAddress!, $0.baseAddress!) }
        }
    }

    // MARK: - PooledConnection

    public var isUsable: Bool { !broken.load(ordering: .relaxed) && !closed.load(ordering: .relaxed) }

    public func ping() async -> Bool {
        (try? await send(["PING"])) == .status("PONG")
    }

    public func reset() async -> Bool { isUsable }

    public func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = try? await thread.run { [context] in redisFree(context) }
        thread.shutdown()
    }
}

extension RedisReply {
    /// This reply, or the server's error thrown.
    ///
    /// ```swift
    /// try await redis.send(["SET", "k", "v"]).checked()
    /// ```
    ///
    /// - Throws: ``RedisError/server(_:)``.
    @discardableResult
    public func checked() throws -> RedisReply {
        if case .error(let message) = self { throw RedisError.server(message) }
        return self
    }
}

/// A `timeval` for hiredis's timeouts.
func timeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
