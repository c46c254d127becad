import Foundation
import Quarry
import QuarryTesting
import Testing

/// What an update returns inside a transaction, where SQLite writes without
/// `RETURNING` and reads the row back by key (``Quarry/ReadBack``), and
/// PostgreSQL keeps `RETURNING`: on both, the row exactly as stored.
@Suite("Updated rows equal the rows a read returns")
struct UpdateReadBackTests {
    @Test("save and update in a transaction return the row as stored, not as loaded, to the sign of zero and the microsecond",
          arguments: TestDatabase.all)
    func updatedEqualsRead(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self)
            let row = try await ReadBackRow(
                int: 1, small: 1, double: 1, float: 1, flag: true, text: "loaded", bytes: [1],
                date: Date(microsecondsSince1970: 1), uuid: UUID(), note: nil
            ).insert(on: db)
            var loaded = try await ReadBackRow.get(on: db, id: row.id!)
            // Another writer changes a column the save below does not write.
            let changed = try await ReadBackRow.filter { $0.text == "loaded" }.update(on: db) { [$0.text.set(to: "elsewhere")] }
            loaded.int = 2
            let saved = try await db.transaction { tx in try await loaded.save(on: tx) }
            #expect(changed == 1)
            #expect(saved.int == 2 && saved.text == "elsewhere", "the stored row, not the loaded one: \(saved)")
            #expect(try await ReadBackRow.get(on: db, id: row.id!) == saved)

            var edge = saved
            edge.double = -0.0
            edge.float = -.infinity
            edge.date = Date(timeIntervalSince1970: 1_700_000_000.123_456_789)
            edge.text = "Ünïcödé 🎉 '; --"
            edge.bytes = (0...255).map { UInt8($0) }
            edge.note = ""
            let updated = try await db.transaction { tx in try await edge.update(on: tx) }
            let read = try await ReadBackRow.get(on: db, id: row.id!)
            #expect(updated == read)
            #expect(updated.double.bitPattern == read.double.bitPattern, "\(updated.double) vs \(read.double)")
            #expect(updated.date.timeIntervalSince1970.bitPattern == read.date.timeIntervalSince1970.bitPattern)
            #expect(updated.date == Date(microsecondsSince1970: 1_700_000_000_123_457))
        }
    }

    @Test("in a transaction, a save of a deleted row is not found and a stale versioned save is refused; neither writes",
          arguments: TestDatabase.all)
    func missingAndStale(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self, Wallet.self)
            let row = try await ReadBackRow(
                int: 1, small: 1, double: 1, float: 1, flag: true, text: "doomed", bytes: [], date: Date(microsecondsSince1970: 1),
                uuid: UUID(), note: nil
            ).insert(on: db)
            var loaded = try await ReadBackRow.get(on: db, id: row.id!)
            try await row.delete(on: db)
            loaded.int = 9
            var missing: QuarryError?
            do { _ = try await db.transaction { tx in try await loaded.save(on: tx) } } catch let error as QuarryError { missing = error }
            guard case .notFound(let table, _)? = missing else {
                Issue.record("expected notFound, got \(String(describing: missing))")
                return
            }
            #expect(table == "read_backs")
            #expect(try await ReadBackRow.query.count(on: db) == 0)

            let wallet = try await Wallet(owner: "ada", balance: 100).insert(on: db)
            var first = try await Wallet.get(on: db, id: wallet.id!)
            var second = first
            first.balance = 70
            let won = try await db.transaction { tx in try await first.save(on: tx) }
            second.balance = 50
            var stale: QuarryError?
            do { _ = try await db.transaction { tx in try await second.save(on: tx) } } catch let error as QuarryError { stale = error }
            let stored = try await Wallet.get(on: db, id: wallet.id!)
            #expect(won.version == 2 && stored.version == 2, "the winner is what is stored: \(won) vs \(stored)")
            #expect(won.balance == stored.balance && won.updatedAt == stored.updatedAt && won.createdAt == stored.createdAt)
            guard case .staleObject(_, _, let current)? = stale else {
                Issue.record("expected staleObject, got \(String(describing: stale))")
                return
            }
            #expect(current == 2)
            #expect(stored.balance == 70)
        }
    }

    @Test("many saves in one transaction each return their stored row, and a rollback keeps none", arguments: TestDatabase.all)
    func manyInOneTransaction(_ database: TestDatabase) async throws {
        try await database.withDatabase { db in
            try await db.createTables(ReadBackRow.self)
            var rows: [ReadBackRow] = []
            for index in 0..<100 {
                rows.append(ReadBackRow(
                    int: Int64(index), small: 0, double: Double(index) / 3, float: 0, flag: false, text: "row \(index)",
                    bytes: [], date: Date(microsecondsSince1970: Int64(index)), uuid: UUID(), note: nil))
            }
            rows = try await ReadBackRow.insert(rows, on: db)
            let saved = try await db.transaction { tx in
                var saved: [ReadBackRow] = []
                for row in rows {
                    var loaded = try await ReadBackRow.get(on: tx, id: row.id!)
                    loaded.double += 1
                    saved.append(try await loaded.save(on: tx))
                }
                return saved
            }
            #expect(saved.map(\.id) == rows.map(\.id))
            #expect(try await ReadBackRow.query.order { $0.id.asc() }.all(on: db) == saved)
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await db.transaction { tx in
                    for row in saved {
                        var changed = row
                        changed.int = -1
                        _ = try await changed.save(on: tx)
                    }
                    throw Abandon()
                }
            }
            #expect(try await ReadBackRow.query.filter { $0.int == -1 }.count(on: db) == 0)
        }
    }
}
