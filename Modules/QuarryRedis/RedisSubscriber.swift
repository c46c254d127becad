import Foundation

/// A Redis subscription on a connection of its own: reports what arrives on
/// one channel, reconnecting with backoff, until cancelled or the handler
/// says stop. Used by ``HybridCache`` (invalidations) and ``RedisMessageBus``.
enum RedisSubscriber {
    enum Event: Sendable {
        /// Subscribed (again): messages sent while not subscribed are lost.
        case subscribed
        /// The connection broke; reconnecting.
        case lost
        /// A published payload.
        case message(String)
    }

    static func listen(
        configuration: RedisConfiguration, channel: String, _ handle: @escaping @Sendable (Event) async -> Bool
    ) async {
        var backoff = Duration.milliseconds(50)
        var listenConfiguration = configuration
        // Short reads, so cancellation is noticed quickly.
        listenConfiguration.commandTimeout = .milliseconds(200)
        while !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(listenConfiguration)
                defer { Task { await connection.close() } }
                guard case .array = try await connection.send(["SUBSCRIBE", channel]).checked() else {
                    throw RedisError.server("SUBSCRIBE was refused")
                }
                guard await handle(.subscribed) else { return }
                backoff = .milliseconds(50)
                while !Task.isCancelled {
                    guard let push = try await connection.nextPush() else { continue }
                    guard case .array(let parts) = push, parts.count == 3, parts[0].text == "message",
                        let payload = parts[2].text
                    else { continue }
                    guard await handle(.message(payload)) else { return }
                }
            } catch {
                guard await handle(.lost) else { return }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
            }
        }
        _ = await handle(.lost)
    }
}
