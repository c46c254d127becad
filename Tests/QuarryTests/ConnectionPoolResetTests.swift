import Quarry
import Synchronization
import Testing

/// A connection whose reset can be made to fail, to watch what the pool
/// does with it. (The drivers' resets run against real servers in the
/// conformance suites.)
private final class ResettableConnection: PooledConnection {
    let number: Int
    let resetSucceeds: Bool
    private let closedFlag = Atomic<Bool>(false)

    init(number: Int, resetSucceeds: Bool) {
        self.number = number
        self.resetSucceeds = resetSucceeds
    }

    var isUsable: Bool { !closedFlag.load(ordering: .relaxed) }
    var isClosed: Bool { closedFlag.load(ordering: .relaxed) }
    func ping() async -> Bool { isUsable }
    func reset() async -> Bool { resetSucceeds }
    func close() async { closedFlag.store(true, ordering: .relaxed) }
}

@Suite("Connection pool: reset before reuse")
struct ConnectionPoolResetTests {
    @Test("a connection whose state cannot be restored is closed and never lent again")
    func failedResetCloses() async throws {
        let opened = Mutex<[ResettableConnection]>([])
        let pool = try ConnectionPool(configuration: PoolConfiguration(maxConnections: 1)) {
            let connection = opened.withLock { list in
                let connection = ResettableConnection(number: list.count + 1, resetSucceeds: list.isEmpty ? false : true)
                list.append(connection)
                return connection
            }
            return connection
        }
        let first = try await pool.withConnection { $0.number }
        let second = try await pool.withConnection { $0.number }
        let third = try await pool.withConnection { $0.number }
        let connections = opened.withLock { $0 }
        #expect(first == 1 && second == 2 && third == 2, "leases went to \(first), \(second), \(third)")
        #expect(connections.count == 2 && connections[0].isClosed && !connections[1].isClosed)
        #expect(pool.statistics.open == 1)
        await pool.shutdown()
    }
}
