import Foundation
import Quarry

extension BlockingWorkers {
    /// Runs a blocking producer on a worker thread and returns its chunks
    /// as a ``ByteStream`` right away; the producer's `send` blocks while
    /// `capacity` bytes wait unread and fails once the reader has gone.
    func stream(capacity: Int = 1 << 20, _ produce: @escaping @Sendable (ChunkChannel) throws -> Void) -> ByteStream {
        let channel = ChunkChannel(capacity: capacity)
        Task {
            do {
                try await run { try produce(channel) }
                channel.finish()
            } catch {
                channel.finish(throwing: error)
            }
        }
        return ByteStream(channel: channel)
    }
}
