import Foundation
import Quarry
import QuarryCache
import QuarryMigrations
import QuarryMixins
import QuarrySQLite
import QuarryTesting
import Synchronization
import Testing

/// A tenant's counter: increments, conditional updates and upserts by a natural key.
@Model(table: "iso_counters")
struct IsoCounter: TenantScoped, SoftDeletable, OptimisticLocking, Timestamped, Audited {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    @Column(.unique) var slug: String
    var hits: Int = 0
    var deletedAt: Date?
    var createdAt: Date?
    var updatedAt: Date?
    var version: Int64 = 1
}

/// A table of each tenant's schema (schema-per-tenant).
@Model(table: "iso_notes")
struct IsoNote {
    @ID var id: Int64?
    var text: String
}

// Cases are functions, not closures (see ClosureReproTests).

/// The defects one outside review found, each a named case; the isolation
/// matrix covers the class.
@Suite("Isolation: the review's cases, each by name")
struct IsolationCaseTests {
    @Test("1 · increment and the conditional update apply the default scopes", arguments: TestDatabase.all)
    func scopedIncrement(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), scopedIncrementScenario)
    }

    @Test("2 · filter/first/count/exists(on:_:equals:) apply the default scopes", arguments: TestDatabase.all)
    func scopedLookups(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), scopedLookupScenario)
    }

    @Test("3 · upsert stamps the tenant, refuses without one, never takes over another tenant's row", arguments: TestDatabase.all)
    func tenantUpsert(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), tenantUpsertScenario)
    }

    @Test("4 · the tenant column cannot be written: save, Update DTO, bulk set", arguments: TestDatabase.all)
    func tenantColumnFixed(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), tenantColumnScenario)
    }

    @Test("5 · a cached get is keyed by the scopes: another tenant and no tenant never get the row", arguments: TestDatabase.all)
    func cachedGet(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), cachedGetScenario)
    }

    @Test("6 · schema per tenant: cached queries stay apart; a cancelled tenant task leaves no search_path behind", arguments: TestDatabase.all)
    func schemaIsolation(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(maxConnections: 1), schemaIsolationScenario)
    }

    @Test("7 · increment and the conditional update bump the version: a stale save afterwards is refused", arguments: TestDatabase.all)
    func versions(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), versionScenario)
    }

    @Test("8 · increment and conditional updates are audited; upsert stamps createdAt and keeps it on conflict", arguments: TestDatabase.all)
    func auditAndHooks(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), auditAndHookScenario)
    }

    @Test("9 · concurrent savepoints of one transaction never discard each other's work", arguments: TestDatabase.all)
    func savepoints(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), savepointScenario)
    }
}

private func counters(_ db: Database) async throws -> (a: IsoCounter, b: IsoCounter) {
    try await db.createTables(IsoCounter.self, AuditEntry.self)
    let a = try await TenantContext.withTenant("a") { try await IsoCounter(slug: "a-home").insert(on: db) }
    let b = try await TenantContext.withTenant("b") { try await IsoCounter(slug: "b-home").insert(on: db) }
    return (a, b)
}

/// The error a call throws, or `nil`.
private func failure(_ body: () async throws -> Void) async -> QuarryError? {
    do {
        try await body()
        return nil
    } catch let error as QuarryError {
        return error
    } catch {
        return .misuse("unexpected \(error)")
    }
}

private func hits(_ db: Database, _ id: Int64) async throws -> Int? {
    try await db.fetchValue(Int.self, "SELECT hits FROM iso_counters WHERE id = \(id)")
}

private func scopedIncrementScenario(_ db: Database) async throws {
    let (a, b) = try await counters(db)
    let crossIncrement = await failure { try await TenantContext.withTenant("a") { _ = try await IsoCounter.increment(on: db, id: b.id!, \.hits) } }
    let crossUpdate = try await TenantContext.withTenant("a") {
        try await b.update(on: db, where: { $0.hits >= 0 }, set: { [$0.hits.set(to: 99)] })
    }
    let bareIncrement = await failure { _ = try await IsoCounter.increment(on: db, id: a.id!, \.hits) }
    let bareUpdate = await failure { _ = try await a.update(on: db, where: { $0.hits >= 0 }, set: { [$0.hits.set(to: 99)] }) }
    try await TenantContext.withTenant("a") { try await a.delete(on: db) }
    let deletedIncrement = await failure { try await TenantContext.withTenant("a") { _ = try await IsoCounter.increment(on: db, id: a.id!, \.hits) } }

    guard case .notFound? = crossIncrement, case .misuse? = bareIncrement, case .misuse? = bareUpdate, case .notFound? = deletedIncrement else {
        Issue.record("expected notFound, misuse, misuse, notFound: \([crossIncrement, bareIncrement, bareUpdate, deletedIncrement])")
        return
    }
    #expect(crossUpdate == nil)
    let (hitsA, hitsB) = (try await hits(db, a.id!), try await hits(db, b.id!))
    #expect(hitsA == 0 && hitsB == 0, "no row changed")
}

private func scopedLookupScenario(_ db: Database) async throws {
    let (_, b) = try await counters(db)
    let seen = try await TenantContext.withTenant("a") { () async throws -> [String] in
        [
            "filter=\(try await IsoCounter.filter(on: db, \.slug, equals: b.slug).count)",
            "first=\(try await IsoCounter.first(on: db, \.slug, equals: b.slug) == nil)",
            "count=\(try await IsoCounter.count(on: db, \.slug, equals: b.slug))",
            "exists=\(try await IsoCounter.exists(on: db, \.slug, equals: b.slug))",
            "own=\(try await IsoCounter.count(on: db, \.slug, equals: "a-home"))",
        ]
    }
    let bare = await failure { _ = try await IsoCounter.filter(on: db, \.slug, equals: b.slug) }
    #expect(seen == ["filter=0", "first=true", "count=0", "exists=false", "own=1"])
    guard case .misuse? = bare else {
        Issue.record("no tenant: expected misuse, got \(String(describing: bare))")
        return
    }
}

private func tenantUpsertScenario(_ db: Database) async throws {
    let (_, b) = try await counters(db)
    let stamped = try await TenantContext.withTenant("a") { try await IsoCounter(slug: "a-new").upsert(on: db, conflict: [\.slug]) }
    let bare = await failure { _ = try await IsoCounter(slug: "x").upsert(on: db, conflict: [\.slug]) }
    let takeover = await failure {
        try await TenantContext.withTenant("a") { _ = try await IsoCounter(slug: b.slug, hits: 7).upsert(on: db, conflict: [\.slug]) }
    }
    let stored = try await db.fetchOne("SELECT tenant_id, hits FROM iso_counters WHERE id = \(b.id!)")

    #expect(stamped.inserted && stamped.model.tenantID == "a")
    #expect(try await db.fetchValue(String.self, "SELECT tenant_id FROM iso_counters WHERE slug = \("a-new")") == "a")
    guard case .misuse? = bare, case .uniqueViolation? = takeover else {
        Issue.record("expected misuse, uniqueViolation: \(String(describing: bare)), \(String(describing: takeover))")
        return
    }
    #expect(stored?.values == [.text("b"), .int(0)], "b's row keeps its tenant and values")
    #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM iso_counters WHERE slug = \("x")") == 0)
}

private func tenantColumnScenario(_ db: Database) async throws {
    let (a, b) = try await counters(db)
    let moved = await failure {
        try await TenantContext.withTenant("a") {
            var row = try await IsoCounter.get(on: db, id: a.id!)
            row.tenantID = "b"
            _ = try await row.save(on: db)
        }
    }
    let bulk = await failure {
        try await TenantContext.withTenant("a") { _ = try await IsoCounter.query.update(on: db) { [$0.tenantID.set(to: "b")] } }
    }
    let foreignUpdate = await failure { try await TenantContext.withTenant("a") { _ = try await b.update(on: db) } }
    // The DTOs have no tenant: a PATCH body naming one does not reach it.
    let patch = try JSONDecoder().decode(IsoCounter.Update.self, from: Data(#"{"tenantID":"b","hits":3}"#.utf8))
    let patched = try await TenantContext.withTenant("a") { try await a.update(on: db, patch) }
    let createKeys = IsoCounter.Create.CodingKeys(stringValue: "tenantID")
    let updateKeys = IsoCounter.Update.CodingKeys(stringValue: "tenantID")

    guard case .invalidArgument(let name, _)? = moved, case .invalidArgument(let bulkName, _)? = bulk,
        case .notFound? = foreignUpdate
    else {
        Issue.record("expected invalidArgument ×2, notFound: \([moved, bulk, foreignUpdate])")
        return
    }
    #expect(name == "tenant_id" && bulkName == "tenant_id", "the error names the column")
    #expect(patched.tenantID == "a" && patched.hits == 3)
    #expect(createKeys == nil && updateKeys == nil, "tenantID is in neither DTO")
    #expect(try await db.fetchValue(Int.self, "SELECT count(*) FROM iso_counters WHERE tenant_id = \("b")") == 1)
}

private func cachedGetScenario(_ db: Database) async throws {
    let (a, _) = try await counters(db)
    let cache = QueryCache()
    let warm = try await TenantContext.withTenant("a") { try await IsoCounter.get(on: db, id: a.id!, cache: cache) }
    let other = await failure { try await TenantContext.withTenant("b") { _ = try await IsoCounter.get(on: db, id: a.id!, cache: cache) } }
    let bare = await failure { _ = try await IsoCounter.get(on: db, id: a.id!, cache: cache) }
    let cachedQuery = try await TenantContext.withTenant("b") { try await IsoCounter.query.cached(in: cache).all(on: db) }
    // Another database with a table of the same name shares the cache, never its entries.
    let twin = try await Database.sqlite(.memory)
    try await twin.createTables(IsoCounter.self, AuditEntry.self)
    let twinRead = await failure { try await TenantContext.withTenant("a") { _ = try await IsoCounter.get(on: twin, id: a.id!, cache: cache) } }
    await twin.close()

    #expect(warm.slug == "a-home")
    guard case .notFound? = other, case .misuse? = bare, case .notFound? = twinRead else {
        Issue.record("expected notFound, misuse, notFound: \([other, bare, twinRead])")
        return
    }
    #expect(cachedQuery.map(\.slug) == ["b-home"])
}

private func schemaIsolationScenario(_ db: Database) async throws {
    let tenants = TenantSchemas(database: db)
    guard db.dialect.name == "postgres" else {
        let refused = await failure { _ = try await tenants.transaction(schema: "t") { _ in 1 } }
        guard case .misuse? = refused else {
            Issue.record("SQLite: expected misuse, got \(String(describing: refused))")
            return
        }
        return
    }
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let (acme, globex) = ("iso_acme_\(suffix)", "iso_globex_\(suffix)")
    let migrations = [Migration("0001_notes", up: [.createTable(TableDefinition(model: IsoNote.self))], down: [.dropTable("iso_notes")])]
    for tenant in [acme, globex] {
        try await tenants.create(tenant)
        _ = try await Migrator(database: db, migrations: migrations, schema: tenant).upgrade()
        _ = try await tenants.transaction(schema: tenant) { tx in try await IsoNote(text: tenant).insert(on: tx) }
    }
    let defaultPath = try await db.fetchValue(String.self, "SELECT current_setting('search_path')")
    let cache = QueryCache()
    let acmeNotes = try await tenants.transaction(schema: acme) { tx in try await IsoNote.query.cached(in: cache).all(on: tx) }
    let globexNotes = try await tenants.transaction(schema: globex) { tx in try await IsoNote.query.cached(in: cache).all(on: tx) }

    // A tenant task cancelled mid-work, on a pool of one connection.
    let started = Mutex(false)
    let task = Task {
        try await tenants.transaction(schema: acme) { tx in
            started.withLock { $0 = true }
            _ = try await tx.fetchAll("SELECT pg_sleep(5)")
        }
    }
    while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
    try await Task.sleep(for: .milliseconds(50))
    task.cancel()
    _ = await task.result
    let pathAfterCancel = try await db.session { session in
        try await session.fetchValue(String.self, "SELECT current_setting('search_path')")
    }
    let unscopedRead = await failure { _ = try await IsoNote.query.all(on: db) }
    for tenant in [acme, globex] { try await tenants.drop(tenant) }

    #expect(acmeNotes.map(\.text) == [acme] && globexNotes.map(\.text) == [globex])
    #expect(pathAfterCancel == defaultPath, "the next lease reads its own schema, not acme's")
    #expect(unscopedRead != nil, "outside a tenant there is no iso_notes table")
}

private func versionScenario(_ db: Database) async throws {
    let (a, _) = try await counters(db)
    let result = try await TenantContext.withTenant("a") { () async throws -> (Int64, Int64, QuarryError?) in
        let loaded = try await IsoCounter.get(on: db, id: a.id!)
        try await IsoCounter.increment(on: db, id: a.id!, \.hits)
        let afterIncrement = try await IsoCounter.get(on: db, id: a.id!).version
        _ = try await loaded.update(on: db, where: { $0.hits >= 0 }, set: { [$0.hits.set(to: 5)] })
        let afterUpdate = try await IsoCounter.get(on: db, id: a.id!).version
        var stale = loaded
        stale.hits = 100
        let error = await failure { _ = try await stale.save(on: db) }
        return (afterIncrement, afterUpdate, error)
    }
    #expect(result.0 == a.version + 1 && result.1 == a.version + 2)
    guard case .staleObject(_, _, let current)? = result.2 else {
        Issue.record("a stale save after an increment must be refused: \(String(describing: result.2))")
        return
    }
    #expect(current == a.version + 2)
    #expect(try await hits(db, a.id!) == 5, "the stale save overwrote nothing")
}

private func auditAndHookScenario(_ db: Database) async throws {
    let (a, _) = try await counters(db)
    let actions = try await TenantContext.withTenant("a") { () async throws -> [String] in
        try await IsoCounter.increment(on: db, id: a.id!, \.hits)
        _ = try await a.update(on: db, where: { $0.hits >= 0 }, set: { [$0.hits.set(to: 9)] })
        return try await IsoCounter.auditHistory(on: db, key: a.id!).map(\.action)
    }
    let (inserted, conflicted) = try await TenantContext.withTenant("a") { () async throws -> (IsoCounter, IsoCounter) in
        let first = try await IsoCounter(slug: "a-upsert", hits: 1).upsert(on: db, conflict: [\.slug]).model
        try await Task.sleep(for: .milliseconds(5))
        let second = try await IsoCounter(slug: "a-upsert", hits: 2).upsert(on: db, conflict: [\.slug]).model
        return (first, second)
    }
    #expect(actions == ["created", "updated", "updated"])
    #expect(inserted.createdAt != nil && inserted.updatedAt != nil)
    #expect(conflicted.createdAt == inserted.createdAt, "the stored createdAt is kept, never nulled")
    #expect(conflicted.updatedAt! > inserted.updatedAt! && conflicted.hits == 2 && conflicted.version == inserted.version + 1)
}

private func savepointScenario(_ db: Database) async throws {
    try await db.execute("CREATE TABLE iso_lines (owner TEXT NOT NULL, n INTEGER NOT NULL)")
    let refused = Mutex<QuarryError?>(nil)
    try await db.transaction { tx in
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await tx.transaction { inner in
                    for n in 0..<5 { try await inner.execute("INSERT INTO iso_lines (owner, n) VALUES (\("kept"), \(n))") }
                }
            }
            group.addTask {
                _ = try? await tx.transaction { inner in
                    try await inner.execute("INSERT INTO iso_lines (owner, n) VALUES (\("undone"), \(0))")
                    try await Task.sleep(for: .milliseconds(20))
                    throw CancellationError()
                }
            }
            try await group.waitForAll()
        }
        // A statement from another task while a savepoint is open is refused.
        try await tx.transaction { _ in
            let other = await Task.detached { await failure { try await tx.execute("INSERT INTO iso_lines (owner, n) VALUES (\("stray"), \(0))") } }.value
            refused.withLock { $0 = other }
        }
    }
    let owners = try await db.fetchValues(String.self, "SELECT owner FROM iso_lines ORDER BY owner, n")
    #expect(owners == Array(repeating: "kept", count: 5))
    guard case .misuse? = refused.withLock({ $0 }) else {
        Issue.record("a statement from another task inside an open savepoint must be refused: \(String(describing: refused.withLock { $0 }))")
        return
    }
}
