import Synchronization

/// Hands chunks from one producer task to one consumer, holding at most one
/// chunk: `send` waits while a chunk is held, so the producer reads ahead by
/// one chunk and no further. Either side going away wakes the other.
final class ChunkChannel<Element: Sendable>: Sendable {
    private enum End {
        case finished
        case failed(any Error)
    }

    private struct State {
        var held: [Element]?
        var sender: CheckedContinuation<Void, any Error>?
        var receiver: CheckedContinuation<[Element]?, any Error>?
        var end: End?
        var isCancelled = false
    }

    private enum SendAction {
        case fail, wait
        case deliver(CheckedContinuation<[Element]?, any Error>)
    }

    private enum ReceiveAction {
        case chunk([Element], CheckedContinuation<Void, any Error>?)
        case end(End)
        case cancelled, wait
    }

    private let state = Mutex(State())

    /// Producer: hands `chunk` over, waiting while the previous one is held.
    ///
    /// - Throws: `CancellationError` once the consumer went away or the
    ///   producing task was cancelled.
    func send(_ chunk: [Element]) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let action = state.withLock { state -> SendAction in
                    if state.isCancelled { return .fail }
                    if let receiver = state.receiver {
                        state.receiver = nil
                        return .deliver(receiver)
                    }
                    state.held = chunk
                    state.sender = continuation
                    return .wait
                }
                switch action {
                case .fail:
                    continuation.resume(throwing: CancellationError())
                case .deliver(let receiver):
                    receiver.resume(returning: chunk)
                    continuation.resume()
                case .wait:
                    break
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Producer: no more chunks; `error` ends the consumer's iteration with it.
    func finish(throwing error: (any Error)? = nil) {
        let receiver = state.withLock { state -> CheckedContinuation<[Element]?, any Error>? in
            state.end = error.map { .failed($0) } ?? .finished
            defer { state.receiver = nil }
            return state.receiver
        }
        if let error { receiver?.resume(throwing: error) } else { receiver?.resume(returning: nil) }
    }

    /// Consumer: the next chunk, or `nil` once the producer finished.
    func receive() async throws -> [Element]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Element]?, any Error>) in
                let action = state.withLock { state -> ReceiveAction in
                    if let held = state.held {
                        state.held = nil
                        defer { state.sender = nil }
                        return .chunk(held, state.sender)
                    }
                    if let end = state.end { return .end(end) }
                    if state.isCancelled { return .cancelled }
                    state.receiver = continuation
                    return .wait
                }
                switch action {
                case .chunk(let chunk, let sender):
                    sender?.resume()
                    continuation.resume(returning: chunk)
                case .end(.finished):
                    continuation.resume(returning: nil)
                case .end(.failed(let error)):
                    continuation.resume(throwing: error)
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                case .wait:
                    break
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Either side gives up: waiters wake with `CancellationError`.
    func cancel() {
        let (sender, receiver) = state.withLock { state in
            state.isCancelled = true
            state.held = nil
            defer {
                state.sender = nil
                state.receiver = nil
            }
            return (state.sender, state.receiver)
        }
        sender?.resume(throwing: CancellationError())
        receiver?.resume(throwing: CancellationError())
    }
}
