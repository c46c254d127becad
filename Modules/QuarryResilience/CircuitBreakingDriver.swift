import Quarry

/// A driver whose every statement, session and transaction goes through a
/// ``CircuitBreaker``: while the circuit is open they fail fast with
/// ``ResilienceError/circuitOpen(name:retryAfter:)`` instead of waiting on a
/// database that is down. `Database.guarded(by:)` makes one.
///
/// ```swift
/// let breaker = CircuitBreaker(name: "primary", failureThreshold: 5, coolDown: .seconds(10))
/// let db = raw.guarded(by: breaker)
/// let author = try await Author.get(on: db, id: 7)     // fails fast while the circuit is open
/// ```
public final class CircuitBreakingDriver: DatabaseDriver {
    /// The driver underneath.
    public let base: any DatabaseDriver
    /// The breaker every call goes through.
    public let breaker: CircuitBreaker

    /// Guards `base` with `breaker`.
    public init(base: any DatabaseDriver, breaker: CircuitBreaker) {
        self.base = base
        self.breaker = breaker
    }

    public var dialect: any SQLDialect { base.dialect }
    public var identity: String { base.identity }

    public func run<Decoded: RowDecodable>(
        _ statement: Statement, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        try await breaker.run { try await base.run(statement, decoding: type, body) }
    }

    public func withConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value {
        try await breaker.run { try await base.withConnection(body) }
    }

    public func withReadConnection<Value>(
        _ body: (any DatabaseConnection) async throws -> Value
    ) async throws -> Value {
        try await breaker.run { try await base.withReadConnection(body) }
    }

    public func schemaDidChange() async { await base.schemaDidChange() }

    public func shutdown() async { await base.shutdown() }

    public var pools: [any MonitoredPool] { base.pools }
}

extension Database {
    /// This database with every statement, session and transaction going
    /// through `breaker` (same pool, logger, event bus and observers).
    ///
    /// ```swift
    /// let db = try await Database.postgres(url: url).guarded(by: CircuitBreaker(name: "primary"))
    /// ```
    public func guarded(by breaker: CircuitBreaker) -> Database {
        Database(
            driver: CircuitBreakingDriver(base: driver, breaker: breaker), logger: logger, signals: signals,
            observers: observers)
    }
}
