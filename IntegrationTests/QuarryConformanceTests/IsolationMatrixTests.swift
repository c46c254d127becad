import Foundation
import Quarry
import QuarryCache
import QuarryMixins
import QuarryPagination
import QuarryStreaming
import QuarryTesting
import Testing

/// Every guarantee at once: a tenant's row that can be soft-deleted, is
/// versioned, timestamped, audited, searchable and linked to labels.
@Model(table: "matrix_accounts")
struct MatrixAccount: TenantScoped, SoftDeletable, OptimisticLocking, Timestamped, Audited, Searchable {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    @Column(.unique) var code: String
    var balance: Int = 0
    var deletedAt: Date?
    var createdAt: Date?
    var updatedAt: Date?
    var version: Int64 = 1
    @ManyToMany(through: MatrixLink.self) var labels: [MatrixLabel]?

    static var searchable: [PartialKeyPath<MatrixAccount>] { [\MatrixAccount.code] }
}

@Model(table: "matrix_labels")
struct MatrixLabel: TenantScoped {
    @ID var id: Int64?
    @Column(.indexed) var tenantID: String = ""
    var name: String
}

@Model(table: "matrix_links")
struct MatrixLink {
    @ID @Column(.references(MatrixAccount.self, onDelete: .cascade)) var matrixAccountID: Int64
    @ID @Column(.references(MatrixLabel.self, onDelete: .cascade)) var matrixLabelID: Int64
}

/// Where the target row stands relative to the caller.
enum MatrixCell: String, CaseIterable, Sendable {
    /// The caller set no tenant; the target is tenant a's live row.
    case noTenant
    /// The caller is tenant a; the target is a's live row.
    case ownRow
    /// The caller is tenant a; the target is a's soft-deleted row.
    case deletedRow
    /// The caller is tenant a; the target is tenant b's live row.
    case otherTenant

    var callerTenant: String? { self == .noTenant ? nil : "a" }
    var targetTenant: String { self == .otherTenant ? "b" : "a" }
}

/// What an API does to a row, which decides what each cell expects.
enum MatrixKind: Sendable {
    /// Reads: nothing changes in any cell.
    case read
    /// Writes the target row: in `ownRow` the row changes, its version is
    /// bumped (unless gone) and the change is audited.
    case write
    /// Writes junction rows of the target: in `ownRow` its links change.
    case link
    /// Creates rows: they land in the caller's tenant whatever they say.
    case create
}

/// One public model API, run against the target row; it answers whether it
/// reached the target (saw it, changed it, or — for creates — stored a row
/// in the caller's tenant). `notFound` and a unique violation (a natural
/// key taken outside the caller's scope) count as "not reached".
struct MatrixAPI: Sendable {
    let id: String
    let kind: MatrixKind
    /// The cells in which the target is reached (by default the own row only).
    let reaches: Set<MatrixCell>
    let run: @Sendable (Database, MatrixAccount) async throws -> Bool

    init(
        _ id: String, _ kind: MatrixKind, reaches: Set<MatrixCell> = [.ownRow],
        _ run: @escaping @Sendable (Database, MatrixAccount) async throws -> Bool
    ) {
        self.id = id
        self.kind = kind
        self.reaches = kind == .create ? [.ownRow, .deletedRow, .otherTenant] : reaches
        self.run = run
    }
}

/// Public APIs taking `on:` that are not model APIs of their own (DDL, and a
/// requirement only the compiler's statements reach); each
/// names why it is not in the matrix.
let matrixExemptAPIs: [String: String] = [
    "Model+Bulk.swift: bulkCreate(_:on:batchSize:)":
        "deprecated (issue 28: one insert verb and its bulk form): a transaction around chunks passed to insert(_:on:), which the matrix covers",
    "TenantRowSecurity.swift: install(for:on:)": "DDL: adds a row-level-security policy, reads and writes no rows (RowSecurityTests)",
    "TenantRowSecurity.swift: remove(from:on:)": "DDL: drops the policy, reads and writes no rows (RowSecurityTests)",
    "FetchableModel.swift: _fetchAll(_:keyColumn:on:)":
        "underscored requirement, compiled per model: runs only the SELECT a prefetch compiled with the query's scopes (runPrefetches above; to-many and to-one prefetch under a tenant in MixinScopeTests)",
]

let matrixTargetID: Int64 = 1_000_000
private let signer = try! CursorSigner(secret: Array("matrix-secret-matrix-secret-0123".utf8))

/// THE list of public model APIs (named `File.swift: name(labels:)`, as the
/// source declares them). `everyPublicModelAPIIsInTheMatrix` fails when a
/// public API that runs against a model is declared without an entry here.
let matrixAPIs: [MatrixAPI] = [
    // Reads by key and by column
    MatrixAPI("Model+Fetch.swift: get(on:id:)", .read) { db, t in _ = try await MatrixAccount.get(on: db, id: t.id!); return true },
    MatrixAPI("Model+Fetch.swift: find(on:id:)", .read) { db, t in try await MatrixAccount.find(on: db, id: t.id!) != nil },
    MatrixAPI("Model+Fetch.swift: all(on:)", .read) { db, t in try await MatrixAccount.all(on: db).contains { $0.id == t.id } },
    MatrixAPI("Model+Fetch.swift: first(on:)", .read) { db, t in try await MatrixAccount.first(on: db)?.id == t.id },
    MatrixAPI("Model+Fetch.swift: count(on:)", .read) { db, _ in try await MatrixAccount.count(on: db) > 0 },
    MatrixAPI("Model+Fetch.swift: exists(on:id:)", .read) { db, t in try await MatrixAccount.exists(on: db, id: t.id!) },
    MatrixAPI("Model+Fetch.swift: exists(on:id:withoutScopes:)", .read, reaches: [.ownRow, .deletedRow]) { db, t in
        try await MatrixAccount.exists(on: db, id: t.id!, withoutScopes: ["softDelete"])
    },
    MatrixAPI("Model+Filter.swift: filter(on:_:equals:)", .read) { db, t in
        try await MatrixAccount.filter(on: db, \.code, equals: t.code).contains { $0.id == t.id }
    },
    MatrixAPI("Model+Filter.swift: first(on:_:equals:)", .read) { db, t in
        try await MatrixAccount.first(on: db, \.code, equals: t.code)?.id == t.id
    },
    MatrixAPI("Model+Filter.swift: count(on:_:equals:)", .read) { db, t in
        try await MatrixAccount.count(on: db, \.code, equals: t.code) == 1
    },
    MatrixAPI("Model+Filter.swift: exists(on:_:equals:)", .read) { db, t in
        try await MatrixAccount.exists(on: db, \.code, equals: t.code)
    },
    MatrixAPI("Model+Filter.swift: first(on:matching:)", .read) { db, t in
        try await MatrixAccount.first(on: db, matching: ["code": .text(t.code)])?.id == t.id
    },
    // Queries
    MatrixAPI("Query+Execution.swift: all(on:)", .read) { db, t in try await MatrixAccount.query.all(on: db).contains { $0.id == t.id } },
    MatrixAPI("Query+Execution.swift: first(on:)", .read) { db, t in try await MatrixAccount.query.first(on: db)?.id == t.id },
    MatrixAPI("Query+Execution.swift: count(on:)", .read) { db, _ in try await MatrixAccount.query.count(on: db) > 0 },
    MatrixAPI("Query+Execution.swift: exists(on:)", .read) { db, _ in try await MatrixAccount.query.exists(on: db) },
    MatrixAPI("Query+Projection.swift: values(_:on:)", .read) { db, t in
        try await !MatrixAccount.query.values(\.code, on: db).isEmpty
    },
    MatrixAPI("Query+Projection.swift: aggregate(on:_:)", .read) { db, _ in
        try await MatrixAccount.query.aggregate(on: db) { $0.id.count() }.first.map { $0 > 0 } ?? false
    },
    MatrixAPI("Query+Annotate.swift: annotated(on:_:)", .read) { db, t in
        try await MatrixAccount.query.annotated(on: db) { $0.balance }.contains { $0.0.id == t.id }
    },
    MatrixAPI("Query+Prefetch.swift: withCount(_:on:)", .read) { db, t in
        try await MatrixAccount.query.withCount(\.labels, on: db).contains { $0.0.id == t.id }
    },
    // The target was handed in: what must not cross the scope is its labels.
    MatrixAPI("Prefetch.swift: runPrefetches(_:on:)", .read, reaches: [.ownRow, .deletedRow]) { db, t in
        try await !(MatrixAccount.query.prefetch(\.labels).runPrefetches([t], on: db).first?.labels ?? []).isEmpty
    },
    MatrixAPI("Query+Stream.swift: stream(on:chunkSize:_:)", .read) { db, t in
        var seen = false
        try await MatrixAccount.query.stream(on: db, chunkSize: 10) { rows in
            seen = seen || rows.contains { $0.id == t.id }
            return true
        }
        return seen
    },
    MatrixAPI("QueryStream.swift: stream(on:chunkSize:)", .read) { db, t in
        var seen = false
        for try await row in MatrixAccount.query.stream(on: db, chunkSize: 10) where row.id == t.id { seen = true }
        return seen
    },
    MatrixAPI("CursorPaginator.swift: page(on:size:)", .read) { db, t in
        try await paginator().page(on: db, size: 10).items.contains { $0.id == t.id }
    },
    MatrixAPI("CursorPaginator.swift: page(on:size:after:)", .read) { db, t in
        let (after, _) = try await cursors(around: t, on: db)
        return try await paginator().page(on: db, size: 1, after: after).items.contains { $0.id == t.id }
    },
    MatrixAPI("CursorPaginator.swift: page(on:size:before:)", .read) { db, t in
        let (_, before) = try await cursors(around: t, on: db)
        return try await paginator().page(on: db, size: 1, before: before).items.contains { $0.id == t.id }
    },
    MatrixAPI("CachedQuery.swift: all(on:)", .read) { db, t in
        try await MatrixAccount.query.cached(in: QueryCache()).all(on: db).contains { $0.id == t.id }
    },
    MatrixAPI("CachedQuery.swift: first(on:)", .read) { db, t in
        try await MatrixAccount.query.cached(in: QueryCache()).first(on: db)?.id == t.id
    },
    MatrixAPI("CachedQuery.swift: get(on:id:cache:ttl:)", .read) { db, t in
        _ = try await MatrixAccount.get(on: db, id: t.id!, cache: QueryCache())
        return true
    },
    MatrixAPI("SearchQuery.swift: all(on:)", .read) { db, t in
        try await MatrixAccount.search(t.code).all(on: db).contains { $0.id == t.id }
    },
    MatrixAPI("SearchQuery.swift: highlighted(_:on:)", .read) { db, t in
        try await MatrixAccount.search(t.code).highlighted(\.code, on: db).contains { $0.0.id == t.id }
    },
    // A soft-deleted row of one's own keeps its history.
    MatrixAPI("Audited.swift: auditHistory(on:key:)", .read, reaches: [.ownRow, .deletedRow]) { db, t in
        try await !MatrixAccount.auditHistory(on: db, key: t.id!).isEmpty
    },
    MatrixAPI("Model+ConditionalUpdate.swift: lockForUpdate(on:id:)", .read) { db, t in
        try await db.transaction { tx in _ = try await MatrixAccount.lockForUpdate(on: tx, id: t.id!) }
        return true
    },
    // Writes of the row
    MatrixAPI("Model+Update.swift: save(on:)", .write) { db, t in
        var changed = t
        changed.balance += 1
        _ = try await changed.save(on: db)
        return true
    },
    MatrixAPI("Model+Update.swift: update(on:)", .write) { db, t in
        var changed = t
        changed.balance += 1
        _ = try await changed.update(on: db)
        return true
    },
    MatrixAPI("ModelDTOs.swift: update(on:_:)", .write) { db, t in
        _ = try await t.update(on: db, .init(balance: t.balance + 1))
        return true
    },
    MatrixAPI("ModelDTOs.swift: save(on:_:)", .write) { db, t in
        _ = try await t.save(on: db, .init(balance: t.balance + 1))
        return true
    },
    MatrixAPI("Model+Delete.swift: delete(on:)", .write) { db, t in try await t.delete(on: db); return true },
    MatrixAPI("Model+Delete.swift: delete(on:id:)", .write) { db, t in try await MatrixAccount.delete(on: db, id: t.id!); return true },
    MatrixAPI("Model+Upsert.swift: upsert(on:conflict:update:)", .write) { db, t in
        try await MatrixAccount(code: t.code, balance: t.balance + 1).upsert(on: db, conflict: [\.code]).inserted == false
    },
    MatrixAPI("Model+Increment.swift: increment(on:id:_:by:)", .write) { db, t in
        try await MatrixAccount.increment(on: db, id: t.id!, \.balance) == t.balance + 1
    },
    MatrixAPI("Model+Increment.swift: increment(_:by:on:)", .write) { db, t in
        try await t.increment(\.balance, by: 2, on: db) == t.balance + 2
    },
    MatrixAPI("Model+ConditionalUpdate.swift: update(on:where:set:)", .write) { db, t in
        try await t.update(on: db, where: { $0.balance >= 0 }, set: { [$0.balance.set(to: 77)] }) != nil
    },
    MatrixAPI("Query+Writes.swift: delete(on:runHooks:)", .write) { db, t in
        try await MatrixAccount.filter { $0.id == t.id }.delete(on: db) > 0
    },
    MatrixAPI("Query+Writes.swift: purge(on:)", .write) { db, t in
        try await MatrixAccount.filter { $0.id == t.id }.purge(on: db) > 0
    },
    MatrixAPI("Query+Writes.swift: update(on:runHooks:set:)", .write) { db, t in
        try await MatrixAccount.filter { $0.id == t.id }.update(on: db) { [$0.balance.set(to: 5)] } > 0
    },
    MatrixAPI("Query+Writes.swift: updateReturning(on:set:)", .write) { db, t in
        try await !MatrixAccount.filter { $0.id == t.id }.updateReturning(on: db) { [$0.balance.set(to: 6)] }.isEmpty
    },
    MatrixAPI("Model+Bulk.swift: bulkUpdate(_:on:)", .write) { db, t in
        var changed = t
        changed.balance += 1
        return try await !MatrixAccount.bulkUpdate([changed], on: db).isEmpty
    },
    MatrixAPI("Model+Bulk.swift: bulkDelete(keys:on:batchSize:)", .write) { db, t in
        try await MatrixAccount.bulkDelete(keys: [t.id!], on: db) > 0
    },
    MatrixAPI("SoftDeletable.swift: restore(on:)", .write, reaches: [.ownRow, .deletedRow]) { db, t in
        _ = try await t.restore(on: db)
        return true
    },
    MatrixAPI("SoftDeletable.swift: forceDelete(on:)", .write, reaches: [.ownRow, .deletedRow]) { db, t in
        try await t.forceDelete(on: db)
        return true
    },
    MatrixAPI("SoftDeletable.swift: forceDelete(on:) of a query", .write, reaches: [.ownRow, .deletedRow]) { db, t in
        try await MatrixAccount.filter { $0.id == t.id }.forceDelete(on: db) > 0
    },
    // Links
    MatrixAPI("Model+ManyToMany.swift: attach(_:_:on:)", .link) { db, t in
        try await t.attach(\.labels, [try await spareLabel(of: t, on: db)], on: db) > 0
    },
    MatrixAPI("Model+ManyToMany.swift: attach(_:keys:on:)", .link) { db, t in
        try await t.attach(\.labels, keys: [try await spareLabel(of: t, on: db).id!], on: db) > 0
    },
    MatrixAPI("Model+ManyToMany.swift: detach(_:_:on:)", .link) { db, t in
        try await t.detach(\.labels, [MatrixLabel(id: matrixTargetID, name: "")], on: db) > 0
    },
    MatrixAPI("Model+ManyToMany.swift: detach(_:keys:on:)", .link) { db, t in
        try await t.detach(\.labels, keys: [matrixTargetID], on: db) > 0
    },
    MatrixAPI("Model+ManyToMany.swift: sync(_:_:on:)", .link) { db, t in
        try await t.sync(\.labels, [try await spareLabel(of: t, on: db)], on: db).attached > 0
    },
    MatrixAPI("Model+ManyToMany.swift: sync(_:keys:on:)", .link) { db, t in
        try await t.sync(\.labels, keys: [try await spareLabel(of: t, on: db).id!], on: db).attached > 0
    },
    // Creates: whatever tenant the row names, it lands in the caller's.
    MatrixAPI("Model+Insert.swift: insert(on:)", .create) { db, _ in
        try await MatrixAccount(tenantID: "b", code: "new-1").insert(on: db).tenantID == "a"
    },
    MatrixAPI("Model+Insert.swift: insert(_:on:)", .create) { db, _ in
        try await MatrixAccount.insert([MatrixAccount(tenantID: "b", code: "new-2")], on: db).allSatisfy { $0.tenantID == "a" }
    },
    MatrixAPI("ModelDTOs.swift: create(on:_:)", .create) { db, _ in
        try await MatrixAccount.create(on: db, .init(code: "new-4")).tenantID == "a"
    },
    MatrixAPI("ModelDTOs.swift: createMany(on:_:)", .create) { db, _ in
        try await MatrixAccount.createMany(on: db, [.init(code: "new-5")]).allSatisfy { $0.tenantID == "a" }
    },
    MatrixAPI("Model+Upsert.swift: upsert(on:conflict:update:) of a new key", .create) { db, _ in
        let result = try await MatrixAccount(tenantID: "b", code: "new-6").upsert(on: db, conflict: [\.code])
        return result.inserted && result.model.tenantID == "a"
    },
]

private func paginator() throws -> CursorPaginator<MatrixAccount> {
    try CursorPaginator(MatrixAccount.query.order { $0.id }, signer: signer)
}

/// Cursors just before and just after the target, made in the target's
/// own tenant around two live rows of that tenant (ids below and above).
private func cursors(around target: MatrixAccount, on db: Database) async throws -> (after: String, before: String) {
    for (id, code) in [(matrixTargetID - 1_000, "low"), (matrixTargetID + 1_000, "high")] {
        try await db.execute("""
            INSERT INTO matrix_accounts (id, tenant_id, code, balance, version) VALUES (\(id), \(target.tenantID), \(code), \(0), \(1))
            """)
    }
    return try await TenantContext.withTenant(target.tenantID) {
        let pages = try paginator()
        let low = try await pages.page(on: db, size: 1)
        let next = try await pages.page(on: db, size: 1, after: low.nextCursor!)
        if next.items.first?.id == matrixTargetID {
            let high = try await pages.page(on: db, size: 1, after: next.nextCursor!)
            return (low.nextCursor!, high.previousCursor!)
        }
        return (low.nextCursor!, next.previousCursor!)
    }
}

/// A second label of the target's tenant, not linked yet.
private func spareLabel(of target: MatrixAccount, on db: Database) async throws -> MatrixLabel {
    try await db.execute("INSERT INTO matrix_labels (id, tenant_id, name) VALUES (\(matrixTargetID + 1), \(target.tenantID), \("spare"))")
    return MatrixLabel(id: matrixTargetID + 1, tenantID: target.tenantID, name: "spare")
}

/// What the matrix compares before and after a call: the target row (all
/// columns, `nil` when gone), its audit rows and its links.
struct MatrixState: Equatable {
    var row: [SQLValue]?
    var audits: Int
    var links: [Int64]
    var version: Int64?
}

private func state(_ db: Database) async throws -> MatrixState {
    let row = try await db.fetchOne("SELECT * FROM matrix_accounts WHERE id = \(matrixTargetID)")
    let audits = try await db.fetchValue(
        Int.self, "SELECT count(*) FROM quarry_audit_log WHERE table_name = \("matrix_accounts") AND row_key = \(String(matrixTargetID))") ?? 0
    let links = try await db.fetchValues(
        Int64.self, "SELECT matrix_label_id FROM matrix_links WHERE matrix_account_id = \(matrixTargetID) ORDER BY 1")
    let version = try await db.fetchValue(Int64.self, "SELECT version FROM matrix_accounts WHERE id = \(matrixTargetID)")
    return MatrixState(row: row?.values, audits: audits, links: links, version: version)
}

/// Empties the matrix's tables.
func clearMatrixTables(_ db: Database) async throws {
    for table in ["matrix_links", "matrix_labels", "matrix_accounts", "quarry_audit_log"] {
        try await db.execute("DELETE FROM \(identifier: table)")
    }
}

/// A fresh table holding the target only (and a label of its tenant linked
/// to it, and one audit row), as the cell wants it.
private func reset(_ db: Database, for cell: MatrixCell) async throws -> MatrixAccount {
    try await clearMatrixTables(db)
    let tenant = cell.targetTenant
    let deletedAt: Date? = cell == .deletedRow ? Date(timeIntervalSince1970: 1_700_000_000) : nil
    try await db.execute("""
        INSERT INTO matrix_accounts (id, tenant_id, code, balance, deleted_at, version) \
        VALUES (\(matrixTargetID), \(tenant), \("alpha"), \(10), \(deletedAt), \(3))
        """)
    try await db.execute("INSERT INTO matrix_labels (id, tenant_id, name) VALUES (\(matrixTargetID), \(tenant), \("own"))")
    try await db.execute("INSERT INTO matrix_links (matrix_account_id, matrix_label_id) VALUES (\(matrixTargetID), \(matrixTargetID))")
    try await db.execute("""
        INSERT INTO quarry_audit_log (table_name, row_key, action, changes) \
        VALUES (\("matrix_accounts"), \(String(matrixTargetID)), \("created"), \(JSON.object([:])))
        """)
    return try await TenantContext.withTenant(tenant) {
        try await MatrixAccount.query.withDeleted().filter { $0.id == matrixTargetID }.first(on: db)!
    }
}

/// Runs one API in one cell; returns a description of every expectation it broke.
private func check(_ api: MatrixAPI, _ cell: MatrixCell, _ db: Database) async throws -> [String] {
    try await check(api, cell, caller: db, home: db, placing: cell, label: cell.rawValue)
}

/// Runs one API as `cell`'s caller on `caller`, against a target placed as
/// `placing` wants on `home` (where its state is read), and checks what
/// `cell` expects. Row-level cells use one database for both; the
/// schema-per-tenant cells call in one schema and place the target in
/// another.
func check(
    _ api: MatrixAPI, _ cell: MatrixCell, caller: Database, home: Database, placing: MatrixCell, label: String
) async throws -> [String] {
    let db = home
    let target = try await reset(db, for: placing)
    let before = try await state(db)
    var reached: Bool?
    var thrown: (any Error)?
    do {
        let run = api.run
        if let tenant = cell.callerTenant {
            reached = try await TenantContext.withTenant(tenant) { try await run(caller, target) }
        } else {
            reached = try await run(caller, target)
        }
    } catch QuarryError.notFound {
        reached = false
    } catch QuarryError.uniqueViolation {
        reached = false
    } catch {
        thrown = error
    }
    let after = try await state(db)
    var broken: [String] = []
    let name = "\(api.id) [\(label)]"
    if cell == .noTenant {
        guard case QuarryError.misuse? = thrown as? QuarryError else {
            return ["\(name): expected misuse without a tenant, got \(thrown.map { "\($0)" } ?? "reached=\(reached!)")"]
        }
        if after != before { broken.append("\(name): refused, yet the target changed") }
        return broken
    }
    guard let reached else { return ["\(name): threw \(thrown!)"] }
    let expected = api.reaches.contains(cell)
    if reached != expected { broken.append("\(name): reached=\(reached), expected \(expected)") }
    let changes = api.kind != .read && api.kind != .create && expected
    if !changes, after != before {
        broken.append("\(name): the target changed: \(before) → \(after)")
    }
    if changes {
        if after == before { broken.append("\(name): nothing changed") }
        if api.kind == .write {
            if after.audits <= before.audits { broken.append("\(name): not audited") }
            if let version = after.version, version <= before.version! { broken.append("\(name): version not bumped") }
        }
    }
    return broken
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Isolation matrix: every public model API × tenancy, soft delete, versions, audit")
struct IsolationMatrixTests {
    @Test("every API in every cell: no tenant, own row, own deleted row, another tenant's row", arguments: TestDatabase.all)
    func matrix(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), matrixScenario)
    }

    @Test("every public API that runs against a model is in the matrix")
    func everyPublicModelAPIIsInTheMatrix() throws {
        let declared = try publicModelAPIs()
        let covered = Set(matrixAPIs.map(\.id)).union(matrixExemptAPIs.keys)
        let missing = declared.subtracting(covered).sorted()
        let stale = Set(matrixExemptAPIs.keys).subtracting(declared).sorted()
        #expect(stale.isEmpty, "exempt APIs that no longer exist: \(stale)")
        #expect(declared.count > 40, "the scan found the APIs (\(declared.count))")
        #expect(missing.isEmpty, "public model APIs missing from matrixAPIs: \(missing)")
    }
}

private func matrixScenario(_ db: Database) async throws {
    try await db.createTables(MatrixAccount.self, MatrixLabel.self, MatrixLink.self, AuditEntry.self)
    var broken: [String] = []
    for api in matrixAPIs {
        for cell in MatrixCell.allCases {
            broken += try await check(api, cell, db)
        }
    }
    #expect(broken.isEmpty, "\(broken.count) broken:\n\(broken.joined(separator: "\n"))")
}

/// `File.swift: name(labels:)` of every public function in the model API's
/// folders that takes an executor (`on:`), hooks and recorders aside.
private func publicModelAPIs() throws -> Set<String> {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folders = [
        "Modules/Quarry/Model", "Modules/Quarry/Query", "Modules/Quarry/Relations", "Modules/Quarry/Search",
        "Modules/QuarryMixins", "Modules/QuarryCache", "Modules/QuarryPagination", "Modules/QuarryStreaming",
    ]
    var found: Set<String> = []
    for folder in folders {
        let url = root.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "->", with: "→")
            found.formUnion(executingFunctions(in: text).map { "\(file.lastPathComponent): \($0)" })
        }
    }
    return found
}

/// `name(labels:)` of each `public func` whose parameters include `on`.
private func executingFunctions(in text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let range = rest.range(of: "public ") {
        rest = rest[range.upperBound...]
        var head = rest
        if head.hasPrefix("static ") { head = head.dropFirst("static ".count) }
        guard head.hasPrefix("func ") else { continue }
        head = head.dropFirst("func ".count)
        let name = String(head.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard !name.isEmpty, !name.hasPrefix("will"), !name.hasPrefix("did"), name != "record" else { continue }
        head = head.dropFirst(name.count)
        if head.hasPrefix("<") {
            var depth = 0
            while let c = head.first {
                head = head.dropFirst()
                if c == "<" { depth += 1 }
                if c == ">" { depth -= 1; if depth == 0 { break } }
            }
        }
        guard head.hasPrefix("(") else { continue }
        var depth = 0, parameters = "", current = ""
        var parts: [String] = []
        for c in head {
            if "([<".contains(c) { depth += 1 }
            if ")]>".contains(c) { depth -= 1 }
            if depth == 0 { break }
            if c == "," && depth == 1 {
                parts.append(current)
                current = ""
            } else if !(c == "(" && depth == 1 && parameters.isEmpty && current.isEmpty) {
                current.append(c)
            }
            parameters.append(c)
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { parts.append(current) }
        let labels = parts.compactMap { part -> String? in
            guard let colon = part.firstIndex(of: ":") else { return nil }
            return part[..<colon].split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init)
        }
        guard labels.contains("on") else { continue }
        names.append("\(name)(\(labels.map { $0 + ":" }.joined()))")
    }
    return names
}
