import Logging
import Quarry
import Synchronization

/// A circuit breaker around a database: after `failureThreshold` failures
/// in a row it opens, and calls fail fast with
/// ``ResilienceError/circuitOpen(name:retryAfter:)`` instead of waiting on
/// a server that is down; after `coolDown` it lets one trial call through
/// (half-open), and that call's outcome closes it or opens it again. State
/// changes are logged (warning when opening) and reported to
/// `onStateChange`.
///
/// Only failures `isFailure` accepts count (by default errors that say the
/// database is unreachable or overloaded: lost or failed connections,
/// timeouts, an exhausted pool); a unique violation is the caller's
/// problem, not the database's.
///
/// ```swift
/// let breaker = CircuitBreaker(name: "primary", failureThreshold: 5, coolDown: .seconds(10))
/// let author = try await breaker.run { try await Author.get(on: db, id: 7) }
/// ```
public final class CircuitBreaker: Sendable {
    /// Where the breaker stands.
    public enum State: Sendable, Hashable {
        /// Calls go through.
        case closed
        /// Calls fail fast until `until`.
        case open(until: ContinuousClock.Instant)
        /// One trial call is going through; others fail fast.
        case halfOpen
    }

    public let name: String
    public let failureThreshold: Int
    public let coolDown: Duration
    private let isFailure: @Sendable (any Error) -> Bool
    private let onStateChange: (@Sendable (State, State) -> Void)?
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private let status = Mutex(Status())

    private struct Status {
        var state = State.closed
        var consecutiveFailures = 0
    }

    public init(
        name: String, failureThreshold: Int = 5, coolDown: Duration = .seconds(10),
        isFailure: @escaping @Sendable (any Error) -> Bool = CircuitBreaker.isUnavailability,
        logger: Logger = Logger(label: "quarry.circuit"),
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        onStateChange: (@Sendable (_ from: State, _ to: State) -> Void)? = nil
    ) {
        self.name = name
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
        self.isFailure = isFailure
        self.logger = logger
        self.clock = clock
        self.onStateChange = onStateChange
    }

    /// The default failure test: the database is unreachable or overloaded.
    public static let isUnavailability: @Sendable (any Error) -> Bool = { error in
        switch error as? QuarryError {
        case .connectionLost?, .connectionFailed?, .timeout?, .poolExhausted?: true
        default: false
        }
    }

    /// The current state.
    public var state: State { status.withLock { $0.state } }

    /// Runs `body` unless the circuit is open.
    ///
    /// - Throws: ``ResilienceError/circuitOpen(name:retryAfter:)``, or what `body` throws.
    public func run<Value>(_ body: () async throws -> Value) async throws -> Value {
        try admit()
        do {
            let value = try await body()
            record(success: true)
            return value
        } catch {
            record(success: !isFailure(error))
            throw error
        }
    }

    private func admit() throws {
        let now = clock()
        var change: (State, State)?
        let refusal = status.withLock { status -> Duration? in
            switch status.state {
            case .closed:
                return nil
            case .halfOpen:
                return coolDown
            case .open(let until):
                guard now >= until else { return until - now }
                change = (status.state, .halfOpen)
                status.state = .halfOpen
                return nil
            }
        }
        if let change { report(change) }
        if let refusal { throw ResilienceError.circuitOpen(name: name, retryAfter: refusal) }
    }

    private func record(success: Bool) {
        let now = clock()
        let change = status.withLock { status -> (State, State)? in
            let before = status.state
            if success {
                status.consecutiveFailures = 0
                status.state = .closed
            } else {
                status.consecutiveFailures += 1
                if before == .halfOpen || status.consecutiveFailures >= failureThreshold {
                    status.state = .open(until: now + coolDown)
                }
            }
            guard Self.kind(before) != Self.kind(status.state) else { return nil }
            return (before, status.state)
        }
        if let change { report(change) }
    }

    private func report(_ change: (State, State)) {
        switch change.1 {
        case .open: logger.warning("circuit opened", metadata: ["circuit": "\(name)", "coolDown": "\(coolDown)"])
        case .halfOpen: logger.info("circuit half-open: trying one call", metadata: ["circuit": "\(name)"])
        case .closed: logger.info("circuit closed", metadata: ["circuit": "\(name)"])
        }
        onStateChange?(change.0, change.1)
    }

    private static func kind(_ state: State) -> Int {
        switch state {
        case .closed: 0
        case .open: 1
        case .halfOpen: 2
        }
    }
}
